#!/usr/bin/env bash
# Check benchmark (issue #4, see BENCHMARKS.md): one registry instance (the shaded jar, on its
# embedded broker, in a temporary directory) holding NUMBERS numbers; single checks per second
# with their latency from wrk on loopback, then the time of 1,000-number batches.
#
#   bench/check-benchmark.sh                 # builds first (mvn -o), then measures
#   SKIP_BUILD=1 NUMBERS=1000000 DURATION=30s RUNS=2 WRK_THREADS=1 WRK_CONNECTIONS=32 bench/check-benchmark.sh
#
# Other settings: REGISTRY_JAVA_OPTS (default -Xms2g -Xmx2g), SETTLE (seconds of rest after loading,
# default 120), WARMUP (wrk warm-up, default 15s),
# BATCH_RUNS (20), BATCH_WARMUP (10), JAR (another build of the jar; the client's classes are the
# benchmarks module's, dev.numberregistry.benchmarks.CheckBenchmarkClient), PROFILE=1 (a JFR recording,
# settings "default", of the first measured run, summarised by hottest methods; PROFILE_OUT=file
# keeps it), KEEP=1 (keep the temporary directory).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NUMBERS=${NUMBERS:-1000000}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-15s}
RUNS=${RUNS:-2}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
BATCH_RUNS=${BATCH_RUNS:-20}
SETTLE=${SETTLE:-120}
BATCH_WARMUP=${BATCH_WARMUP:-10}
REGISTRY_JAVA_OPTS=${REGISTRY_JAVA_OPTS:--Xms2g -Xmx2g}
JAR=${JAR:-"$ROOT/registry-api/target/number-registry.jar"}
# The benchmarks module's classes (the check client and its harness) and their logging settings.
BENCH_CLASSES="$ROOT/benchmarks/target/classes"
BENCH_LOGGING="-Dlogback.configurationFile=$ROOT/benchmarks/src/main/resources/logback-benchmarks.xml"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && mvn -o -q -DskipTests package -pl benchmarks -am)
fi

WORK=$(mktemp -d /tmp/check-bench.XXXXXX)
REGISTRY_PID=""
cleanup() {
  if [ -n "$REGISTRY_PID" ] && kill -0 "$REGISTRY_PID" 2>/dev/null; then
    kill "$REGISTRY_PID"; wait "$REGISTRY_PID" 2>/dev/null || true
  fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT=$(free_port)
KAFKA_PORT=$(free_port)
BASE="http://127.0.0.1:$HTTP_PORT"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system, in 1/100 s
# CPU ticks per thread of a process, one "name ticks" line each (names with digits folded).
thread_ticks() {
  for t in /proc/"$1"/task/*; do
    name=$(tr ' ' '_' <"$t/comm" | sed 's/[0-9][0-9]*/N/g'); ticks=$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')
    echo "$name $ticks"
  done 2>/dev/null
}
# CPU seconds per thread name between two thread_ticks snapshots (threads that ended are left out).
thread_cpu_delta() {
  awk 'NR==FNR { before[$1] += $2; next } { after[$1] += $2 }
       END { for (n in after) { d = (after[n] - before[n]) / 100; if (d >= 0.3) printf "    %-40s %6.1f s\n", n, d } }' "$1" "$2" | sort -k2,2nr
}

echo "== Check benchmark: $NUMBERS numbers, wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$DURATION x $RUNS =="
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB; $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1)"
echo "load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Covered from 2023 (registry.coverage-start): the registry has seen every event since, so it can
# answer for a date before a number's assignment (nobody held it then), as the checks ask.
(cd "$WORK" && exec java $REGISTRY_JAVA_OPTS -Dmicronaut.server.port="$HTTP_PORT" \
    -Dregistry.kafka.embedded-port="$KAFKA_PORT" -Dregistry.coverage-start=2023-01-01T00:00:00Z \
    -jar "$JAR" >"$WORK/registry.log" 2>&1) &
REGISTRY_PID=$!
for _ in $(seq 1 120); do
  grep -q "Number registry is ready" "$WORK/registry.log" 2>/dev/null && break
  kill -0 "$REGISTRY_PID" 2>/dev/null || { cat "$WORK/registry.log"; exit 1; }
  sleep 1
done
grep -q "Number registry is ready" "$WORK/registry.log" || { echo "registry did not start" >&2; exit 1; }
# The subshell exec'd java: its PID is the registry's.
echo "registry pid $REGISTRY_PID: java $REGISTRY_JAVA_OPTS -jar number-registry.jar, HTTP $HTTP_PORT, Kafka $KAFKA_PORT"

java "$BENCH_LOGGING" -cp "$JAR:$BENCH_CLASSES" dev.numberregistry.benchmarks.CheckBenchmarkClient load "127.0.0.1:$KAFKA_PORT" \
  "$NUMBERS" "$WORK/numbers.txt"

TOKEN=$(curl -sf -X POST "$BASE/dev/tokens" -H 'Content-Type: application/json' \
  -d '{"subject":"bench","scopes":["number-recycling:check"],"validFor":"PT2H"}' \
  | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
export CHECK_TOKEN="$TOKEN" CHECK_NUMBERS="$WORK/numbers.txt"
echo "one check: $(curl -s -X POST "$BASE/number-recycling/v0.2/check" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "{\"phoneNumber\":\"$(head -1 "$WORK/numbers.txt")\",\"specifiedDate\":\"2025-01-01\"}")"

echo "settling ${SETTLE}s after loading (RocksDB compactions, the broker's log cleaner)"
sleep "$SETTLE"

echo
echo "-- warm-up: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WARMUP (not reported) --"
wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/check.lua" "$BASE" | grep -E 'Requests/sec|answers'

for run in $(seq 1 "$RUNS"); do
  echo
  echo "-- run $run: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$DURATION --latency (load average $(cut -d' ' -f1-3 /proc/loadavg)) --"
  if [ "${PROFILE:-0}" = 1 ] && [ "$run" = 1 ]; then
    jcmd "$REGISTRY_PID" JFR.start name=check settings=default filename="${PROFILE_OUT:-$WORK/check.jfr}" >/dev/null
  fi
  thread_ticks "$REGISTRY_PID" >"$WORK/threads-before"
  before=$(cpu_ticks "$REGISTRY_PID"); start=$(date +%s.%N)
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/check.lua" "$BASE"
  after=$(cpu_ticks "$REGISTRY_PID"); end=$(date +%s.%N)
  thread_ticks "$REGISTRY_PID" >"$WORK/threads-after"
  awk -v b="$before" -v a="$after" -v s="$start" -v e="$end" -v c="$(nproc)" \
    'BEGIN { cpu=(a-b)/100; wall=e-s; printf "registry CPU during the run: %.1f s in %.1f s = %.0f%% of one core (%d cores)\n", cpu, wall, 100*cpu/wall, c }'
  echo "registry CPU by thread during the run (native RocksDB threads are rocksdb:*):"
  thread_cpu_delta "$WORK/threads-before" "$WORK/threads-after" | head -12
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${PROFILE:-0}" = 1 ] && [ "$run" = 1 ]; then
    jcmd "$REGISTRY_PID" JFR.stop name=check >/dev/null
    echo "hottest methods (top frame of JFR execution samples; the recording is ${PROFILE_OUT:-$WORK/check.jfr}):"
    (set +o pipefail; jfr print --events jdk.ExecutionSample "${PROFILE_OUT:-$WORK/check.jfr}" \
      | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
      | sort | uniq -c | sort -rn | head -25)
  fi
done

echo
echo "-- batches of 1,000 checks on /number-recycling/v0.2/check-batch (load average $(cut -d' ' -f1-3 /proc/loadavg)) --"
java "$BENCH_LOGGING" -cp "$JAR:$BENCH_CLASSES" dev.numberregistry.benchmarks.CheckBenchmarkClient batch "$BASE" "$TOKEN" \
  "$WORK/numbers.txt" "$BATCH_RUNS" "$BATCH_WARMUP"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
