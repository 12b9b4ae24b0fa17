-- wrk script of the check benchmark (bench/check-benchmark.sh): POST /number-recycling/v0.2/check
-- with a random loaded number (CHECK_NUMBERS: a file, one number a line) and a bearer token
-- (CHECK_TOKEN). Half the checks ask about a date after the numbers' assignment (answer false),
-- half about a date before it (answer true: nobody held the number then). Every answer is tallied:
-- anything but 200 with one of those two bodies is counted as wrong, and reported by done().

local numbers = {}
local token = os.getenv("CHECK_TOKEN")
local numbers_file = os.getenv("CHECK_NUMBERS")
local headers = {}

local threads = {}

function setup(thread)
   -- Each wrk thread runs its own Lua state: its id, set here, seeds its own random sequence.
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(numbers_file) do
      numbers[#numbers + 1] = line
   end
   headers["Content-Type"] = "application/json"
   headers["Authorization"] = "Bearer " .. token
   math.randomseed(os.time() * 100 + id)
   answered_false = 0
   answered_true = 0
   wrong = 0
   first_wrong = ""
end

function request()
   local number = numbers[math.random(#numbers)]
   local date = (math.random(2) == 1) and "2025-01-01" or "2023-06-01"
   return wrk.format("POST", "/number-recycling/v0.2/check", headers,
      '{"phoneNumber":"' .. number .. '","specifiedDate":"' .. date .. '"}')
end

function response(status, hdrs, body)
   if status == 200 and body == '{"phoneNumberRecycled":false}' then
      answered_false = answered_false + 1
   elseif status == 200 and body == '{"phoneNumberRecycled":true}' then
      answered_true = answered_true + 1
   else
      wrong = wrong + 1
      if first_wrong == "" then
         first_wrong = status .. " " .. tostring(body)
      end
   end
end

function done(summary, latency, requests)
   local f, t, w, first = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      f = f + thread:get("answered_false")
      t = t + thread:get("answered_true")
      w = w + thread:get("wrong")
      if first == "" then first = thread:get("first_wrong") end
   end
   io.write(string.format("answers: %d false (held since), %d true (nobody held it then), %d wrong%s\n",
      f, t, w, first ~= "" and (" (first: " .. first .. ")") or ""))
   io.write(string.format("latency percentiles (us): p50 %d, p90 %d, p99 %d, p99.9 %d, max %d\n",
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
   io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d; non-2xx/3xx %d\n",
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
