package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.prefixedProperties;
import static dev.numberregistry.benchmarks.harness.BenchProperties.stringProperty;
import static dev.numberregistry.benchmarks.harness.KafkaClients.bulkProducerConfig;

import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.BulkSender;
import dev.numberregistry.benchmarks.harness.ConsumerGroupLag;
import dev.numberregistry.benchmarks.harness.Percentiles;
import dev.numberregistry.benchmarks.harness.RegistryProcess;
import dev.numberregistry.benchmarks.harness.WorkDirectory;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ops console's queries (issue #16) at the scale of a carrier's base: how long the registry
 * takes to answer what the console at {@code /console/} asks, with N = 1,000,000 prepaid numbers
 * whose validity ends are spread over the next 90 days, and how much the browser downloads for the
 * page itself.
 *
 * <p>The registry runs as a trial runs it ({@link RegistryProcess#embedded}): a process of its own
 * on its embedded broker (6 partitions, exactly-once, one stream thread per core); this JVM is the
 * carrier's systems and the console's browser. Loaded first (timed, not part of the query figures),
 * written to {@code number-events} as a carrier's systems write: a NumberAssigned (PREPAID,
 * occurredAt now) for each of the N numbers, its {@code validUntil} between 1 hour and 90 days
 * ahead, evenly spread and shuffled over the numbers (so that no end comes due during the run; the
 * reminders 7 days and 1 day ahead of the ends in the first week do, and the run waits until the
 * registry has sent them); then R = 18,000 second NumberAssigned of numbers already assigned, each
 * refused ALREADY_REGISTERED (the rejected topic then holds more than the 2,000 a partition that
 * {@code GET /rejections} reads); then one number with a long history: a NumberAssigned, 500
 * top-ups and 20 refused events. The run waits until the registry's Streams group has committed
 * every record.
 *
 * <p>Timed, one request at a time, each {@code bench.repetitions} (50) times after
 * {@code bench.warmups} (5), fewer when they would take more than {@code bench.maxSecondsPerQuery}
 * (60 s): the latency from the request sent to its whole body received, over HTTP on the loopback
 * interface with a bearer token of scope {@code registry:read}:
 * <ul>
 *   <li>{@code GET /deadlines/per-day} over 7, 30 and 92 days from today's UTC midnight (and 92 days
 *       of ACTIVE numbers), with the total counted and {@code completeUntil} when it appears;</li>
 *   <li>{@code GET /numbers?deadlineBefore=...&limit=100}, the due list's first page, 7 and 30 days ahead;</li>
 *   <li>{@code GET /rejections}, the tail of the rejected topic;</li>
 *   <li>a number's lookup as the console makes it: {@code GET /numbers/{n}}, then {@code /history},
 *       {@code /rejections} and {@code /deadlines} at once; each request and the whole lookup.</li>
 * </ul>
 * And the console's weight: every file the browser fetches for {@code /console/} (the page, what its
 * links, scripts and import map name, and the modules those import, followed recursively), fetched
 * over HTTP and summed; any address off the registry's origin fails the run.
 *
 * <p>Run it with {@code mvn -q -pl benchmarks -am verify -DskipTests -Pconsole-benchmark} (see
 * BENCHMARKS.md). Parameters: {@code bench.numbers} (1,000,000), {@code bench.spreadDays} (90),
 * {@code bench.rejections} (18,000), {@code bench.topUps} (500), {@code bench.repetitions} (50),
 * {@code bench.warmups} (5), {@code bench.maxSecondsPerQuery} (60), {@code bench.registryHeap}
 * (1g), {@code bench.registryJvmArgs} (more options of the registry's JVM, a flight recording say),
 * and {@code bench.registry.<name>} for any setting of the registry's.
 */
public final class ConsoleQueriesBenchmark {

    private static final String APPLICATION_ID = "number-registry";
    private static final String EVENTS_TOPIC = "number-events";
    private static final String REJECTED_TOPIC = "number-events-rejected";
    private static final String REMINDERS_TOPIC = "number-reminders";
    private static final String READ_SCOPE = "registry:read";
    private static final Duration STALL = Duration.ofMinutes(2);
    private static final int REFUSED_OF_LONG_HISTORY = 20;
    /** A module's static imports and re-exports (a statement at a line's start), and its dynamic imports. */
    private static final Pattern QUOTED_REFERENCE = Pattern.compile(
            "^\\s*(?:(?:import|export)\\s[^;'\"]*?\\bfrom\\s*|import\\s*)['\"]([^'\"\\n]+)['\"]"
                    + "|\\bimport\\(\\s*['\"]([^'\"\\n]+)['\"]\\s*\\)",
            Pattern.MULTILINE);
    private static final Pattern HTML_REFERENCE = Pattern.compile("<(?:link|script)\\b[^>]*\\b(?:href|src)=\"([^\"]+)\"");
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern MAPPED = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final int repetitions = intProperty("bench.repetitions", 50);
    private final int warmups = intProperty("bench.warmups", 5);
    private final int maxSecondsPerQuery = intProperty("bench.maxSecondsPerQuery", 60);
    private final RegistryProcess registry;

    private ConsoleQueriesBenchmark(RegistryProcess registry, String token) {
        this.registry = registry;
        this.base = registry.baseUri();
        this.token = token;
    }

    public static void main(String[] args) {
        Bench.main(ConsoleQueriesBenchmark::run);
    }

    private static void run() throws Exception {
        int numbers = intProperty("bench.numbers", 1_000_000);
        int spreadDays = intProperty("bench.spreadDays", 90);
        int rejections = intProperty("bench.rejections", 18_000);
        int topUps = intProperty("bench.topUps", 500);
        String registryHeap = stringProperty("bench.registryHeap", "1g");
        if (rejections > numbers) {
            throw new IllegalArgumentException("each refused event is of an assigned number: at most " + numbers);
        }
        Bench.printJvm();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        out("Console queries benchmark: %,d prepaid numbers, validity ends spread over %d days from %s + 1 h; "
                + "%,d refused events; a number with %d top-ups", numbers, spreadDays, start, rejections, topUps);

        long generating = System.nanoTime();
        String[] e164 = BenchNumbers.generate(numbers + 1);
        out("Numbers: %,d made in %.1f s (not timed)", numbers + 1, seconds(System.nanoTime() - generating));

        Path log = Files.createTempFile("console-benchmark-registry-", ".log");
        try (WorkDirectory work = WorkDirectory.create("console-benchmark-")) {
            Map<String, String> settings = new TreeMap<>(prefixedProperties("bench.registry."));
            String jvmArgs = stringProperty("bench.registryJvmArgs", "");
            List<String> jvmOptions = jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+"));
            RegistryProcess registry = RegistryProcess.embedded(work.path(), registryHeap, settings, jvmOptions, log);
            registry.start();
            out("Registry process (-Xmx%s %s, embedded broker, %s) ready after %.1f s; log %s", registryHeap,
                    String.join(" ", jvmOptions), settings, seconds(registry.awaitReady(Duration.ofMinutes(5)).toNanos()),
                    log);
            try (ConsumerGroupLag lag = new ConsumerGroupLag(registry.bootstrap())) {
                String longHistory = e164[numbers];
                load(registry, lag, e164, numbers, spreadDays, rejections, topUps, start);
                String token = new SubscriptionsClient(registry.baseUri()).token("bench", READ_SCOPE);
                out("Registry process resident memory after loading: %,d MiB; load average %.2f",
                        registry.residentKiB() >> 10, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                ConsoleQueriesBenchmark bench = new ConsoleQueriesBenchmark(registry, token);
                bench.measureAll(longHistory, rejections, topUps);
            } finally {
                registry.stop();
            }
        }
        out("Load average at the end: %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The base, the refusals and the long history, written to the event log and applied; timed. */
    private static void load(RegistryProcess registry, ConsumerGroupLag lag, String[] e164, int numbers,
                             int spreadDays, int rejections, int topUps, Instant start) throws Exception {
        Instant firstEnd = start.plus(Duration.ofHours(1));
        long spreadMillis = Duration.ofDays(spreadDays).toMillis();
        // A permutation of [0, numbers): the ends are evenly spread but not in the numbers' order.
        long step = coprimeStep(numbers);
        long loading = System.nanoTime();
        try (BulkSender sender = new BulkSender(bulkProducerConfig(registry.bootstrap()))) {
            for (int i = 0; i < numbers; i++) {
                long place = (i * step) % numbers;
                Instant validUntil = firstEnd.plusMillis(place * spreadMillis / numbers);
                sender.send(EVENTS_TOPIC, new NumberEvent("assigned-" + i, PhoneNumber.parse(e164[i]), start, start,
                        "billing", new EventPayload.NumberAssigned("holder-" + i, PlanType.PREPAID, validUntil)));
            }
            long inLog = sender.flush();
            out("Load: %,d NumberAssigned in the log in %.1f s (%,.0f numbers/s)", numbers,
                    seconds(inLog - loading), numbers / seconds(inLog - loading));
        }
        Duration applied = lag.awaitCaughtUp(APPLICATION_ID, List.of(EVENTS_TOPIC), STALL);
        double wall = seconds(System.nanoTime() - loading);
        out("Load: %,d numbers applied (the registry's group committed every record) %.1f s after the first was "
                + "sent: %,.0f numbers/s; the last %.1f s waiting for the registry", numbers, wall, numbers / wall,
                seconds(applied.toNanos()));

        long refusing = System.nanoTime();
        PhoneNumber longHistory = PhoneNumber.parse(e164[numbers]);
        Instant assignedAt = start.minus(Duration.ofSeconds(topUps + 100L));
        try (BulkSender sender = new BulkSender(bulkProducerConfig(registry.bootstrap()))) {
            for (int i = 0; i < rejections; i++) {
                sender.send(EVENTS_TOPIC, new NumberEvent("again-" + i, PhoneNumber.parse(e164[i]), start, start,
                        "billing", new EventPayload.NumberAssigned("other-" + i, PlanType.PREPAID,
                        start.plus(Duration.ofDays(30)))));
            }
            sender.send(EVENTS_TOPIC, new NumberEvent("long-assigned", longHistory, assignedAt, assignedAt, "billing",
                    new EventPayload.NumberAssigned("holder-long", PlanType.PREPAID, start.plus(Duration.ofDays(30)))));
            for (int i = 1; i <= topUps; i++) {
                Instant at = assignedAt.plusSeconds(i);
                sender.send(EVENTS_TOPIC, new NumberEvent("long-top-up-" + i, longHistory, at, at, "billing",
                        new EventPayload.TopUpMade(1_000, "USD", start.plus(Duration.ofDays(30)).plus(Duration.ofHours(i)))));
            }
            for (int i = 0; i < REFUSED_OF_LONG_HISTORY; i++) {
                sender.send(EVENTS_TOPIC, new NumberEvent("long-again-" + i, longHistory, start, start, "billing",
                        new EventPayload.NumberAssigned("other-long-" + i, PlanType.PREPAID, start.plus(Duration.ofDays(30)))));
            }
            sender.flush();
        }
        lag.awaitCaughtUp(APPLICATION_ID, List.of(EVENTS_TOPIC), STALL);
        out("Load: %,d refused events, and %s with %d top-ups and %d refused events, applied in %.1f s", rejections,
                longHistory.e164(), topUps, REFUSED_OF_LONG_HISTORY, seconds(System.nanoTime() - refusing));

        // The reminders of the ends in the first week are due already: the registry's sweep sends them.
        long settling = System.nanoTime();
        long reminders = lag.endOffsets(List.of(REMINDERS_TOPIC));
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(5).toNanos()) {
            if (System.nanoTime() - settling > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("the reminders were still being sent after 5 minutes");
            }
            Thread.sleep(500); // watching the topic's end: nothing to wait on instead
            long now = lag.endOffsets(List.of(REMINDERS_TOPIC));
            if (now != reminders) {
                reminders = now;
                stableSince = System.nanoTime();
            }
        }
        lag.awaitCaughtUp(APPLICATION_ID, List.of(EVENTS_TOPIC), STALL);
        out("Reminders due at once (7 days and 1 day ahead of the first week's ends): the reminders topic's end "
                + "offsets stood at %,d (records and transaction markers) for 5 s, %.1f s after the load; "
                + "the whole load took %.1f s", reminders, seconds(System.nanoTime() - settling) - 5,
                seconds(System.nanoTime() - loading) - 5);
        out("Rejected topic: end offsets %,d (records and transaction markers)", lag.endOffsets(List.of(REJECTED_TOPIC)));
    }

    /** A step coprime with n, near n / phi, so that i * step mod n scatters [0, n). */
    private static long coprimeStep(int n) {
        long step = Math.max(1, (long) (n * 0.6180339887));
        while (gcd(step, n) != 1) {
            step++;
        }
        return step;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private void measureAll(String longHistory, int rejections, int topUps) throws Exception {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>();
        for (int days : new int[] {7, 30, 92}) {
            rows.add(timed("GET /deadlines/per-day, " + days + " days", "/deadlines/per-day?from=" + today + "&to="
                    + today.plus(Duration.ofDays(days)), ConsoleQueriesBenchmark::describePerDay));
        }
        rows.add(timed("GET /deadlines/per-day, 92 days, state=ACTIVE", "/deadlines/per-day?from=" + today + "&to="
                + today.plus(Duration.ofDays(92)) + "&state=ACTIVE", ConsoleQueriesBenchmark::describePerDay));
        for (int days : new int[] {7, 30}) {
            rows.add(timed("GET /numbers?deadlineBefore=+" + days + "d&limit=100", "/numbers?deadlineBefore="
                    + now.plus(Duration.ofDays(days)) + "&limit=100", body -> "items " + count(body, "\"number\"")
                    + (body.contains("\"next\":\"") ? ", a next page" : ", no next page")));
        }
        rows.add(timed("GET /rejections", "/rejections", body -> "examined " + field(body, "examined") + ", counts "
                + jsonObject(body, "countsByCode") + ", " + count(body, "\"code\"") + " listed"));

        String path = "/numbers/" + URLEncoder.encode(longHistory, StandardCharsets.UTF_8);
        rows.add(timed("GET /numbers/{n}", path, body -> "status " + field(body, "status")));
        rows.add(timed("GET /numbers/{n}/history", path + "/history", body -> count(body, "\"eventId\"")
                + " events, " + body.length() + " bytes"));
        rows.add(timed("GET /numbers/{n}/rejections", path + "/rejections", body -> count(body, "\"code\"")
                + " rejections, " + body.length() + " bytes"));
        rows.add(timed("GET /numbers/{n}/deadlines", path + "/deadlines", body -> count(body, "\"kind\"")
                + " ahead, " + body.length() + " bytes"));
        rows.add(timedLookup(path));

        out("");
        out("| query | n | p50 | p99 | max | mean | registry CPU a request | answer |");
        out("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Object[] row : rows) {
            out("| %s |", String.join(" | ", List.of(row).stream().map(String::valueOf).toList()));
        }
        out("");
        weighConsole();
    }

    /** What a check of an answer prints about it: the total counted, the number of items, ... */
    @FunctionalInterface
    private interface Describe {
        String of(String body);
    }

    private Object[] timed(String name, String path, Describe describe) throws Exception {
        String body = null;
        for (int i = 0; i < warmups; i++) {
            body = get(path);
        }
        double[] millis = new double[repetitions];
        int n = 0;
        double cpuBefore = seconds(registry.cpuTime().toNanos());
        long began = System.nanoTime();
        while (n < repetitions && (n == 0 || System.nanoTime() - began < Duration.ofSeconds(maxSecondsPerQuery).toNanos())) {
            long sent = System.nanoTime();
            body = get(path);
            millis[n++] = (System.nanoTime() - sent) / 1e6;
        }
        double cpu = seconds(registry.cpuTime().toNanos()) - cpuBefore;
        Percentiles latency = Percentiles.of(Arrays.copyOf(millis, n));
        String described = describe.of(body);
        out("%s: %d requests, p50 %s, p99 %s, max %s, mean %s; registry CPU %.0f ms a request; %s (GET %s)", name, n,
                ms(latency.nearestRank(0.5)), ms(latency.nearestRank(0.99)), ms(latency.max()), ms(latency.average()),
                cpu * 1000 / n, described, path);
        return new Object[] {name, n, ms(latency.nearestRank(0.5)), ms(latency.nearestRank(0.99)), ms(latency.max()),
            ms(latency.average()), String.format(Locale.ROOT, "%.0f ms", cpu * 1000 / n), described};
    }

    /** A number's lookup as the console makes it: the state, then the three other requests at once. */
    private Object[] timedLookup(String path) throws Exception {
        double[] millis = new double[repetitions];
        for (int i = 0; i < warmups + repetitions; i++) {
            long sent = System.nanoTime();
            get(path);
            List<CompletableFuture<HttpResponse<byte[]>>> rest = new ArrayList<>();
            for (String part : List.of("/history", "/rejections", "/deadlines")) {
                rest.add(http.sendAsync(request(path + part), HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> answer : rest) {
                if (answer.get().statusCode() != 200) {
                    throw new IllegalStateException("GET " + answer.get().uri() + " answered " + answer.get().statusCode());
                }
            }
            if (i >= warmups) {
                millis[i - warmups] = (System.nanoTime() - sent) / 1e6;
            }
        }
        Percentiles latency = Percentiles.of(millis);
        out("A number's lookup (its state, then history, rejections and deadlines at once): %d lookups, p50 %s, p99 %s, "
                        + "max %s, mean %s", repetitions, ms(latency.nearestRank(0.5)), ms(latency.nearestRank(0.99)),
                ms(latency.max()), ms(latency.average()));
        return new Object[] {"a number's lookup (the state, then the other three at once)", repetitions,
            ms(latency.nearestRank(0.5)), ms(latency.nearestRank(0.99)), ms(latency.max()), ms(latency.average()), "",
            ""};
    }

    /**
     * Every file the browser downloads for the console: the page, what its links, scripts and import
     * map name, and what the modules and style sheets import, followed until nothing new appears.
     */
    private void weighConsole() throws Exception {
        Map<URI, Integer> sizes = new LinkedHashMap<>();
        Map<URI, Integer> gzipped = new LinkedHashMap<>();
        Deque<URI> toFetch = new ArrayDeque<>(List.of(base.resolve("/console/")));
        Map<String, URI> importMap = new TreeMap<>();
        while (!toFetch.isEmpty()) {
            URI uri = toFetch.poll();
            if (sizes.containsKey(uri)) {
                continue;
            }
            if (!uri.getScheme().equals(base.getScheme()) || !uri.getAuthority().equals(base.getAuthority())) {
                throw new IllegalStateException("the console loads " + uri + ", off the registry's origin");
            }
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
            }
            sizes.put(uri, response.body().length);
            HttpResponse<byte[]> compressed = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            gzipped.put(uri, compressed.body().length);
            String text = new String(response.body(), StandardCharsets.UTF_8);
            String path = uri.getPath();
            List<String> references = new ArrayList<>();
            if (path.endsWith("/") || path.endsWith(".html")) {
                Matcher map = IMPORT_MAP.matcher(text);
                while (map.find()) {
                    Matcher entry = MAPPED.matcher(map.group(1));
                    while (entry.find()) {
                        if (!entry.group(1).equals("imports")) {
                            importMap.put(entry.group(1), uri.resolve(entry.group(2)));
                            toFetch.add(uri.resolve(entry.group(2)));
                        }
                    }
                }
                Matcher reference = HTML_REFERENCE.matcher(text);
                while (reference.find()) {
                    references.add(reference.group(1));
                }
            } else if (path.endsWith(".js")) {
                Matcher reference = QUOTED_REFERENCE.matcher(text);
                while (reference.find()) {
                    references.add(reference.group(1) != null ? reference.group(1) : reference.group(2));
                }
            } else if (path.endsWith(".css")) {
                Matcher reference = CSS_URL.matcher(text);
                while (reference.find()) {
                    if (!reference.group(1).startsWith("data:")) {
                        references.add(reference.group(1));
                    }
                }
            }
            for (String reference : references) {
                if (importMap.containsKey(reference)) {
                    toFetch.add(importMap.get(reference));
                } else if (reference.startsWith(".") || reference.startsWith("/") || reference.contains("://")) {
                    // <base href="/console/">: the page's relative addresses resolve against it, as the page's own do.
                    toFetch.add(uri.resolve(reference));
                } else {
                    throw new IllegalStateException(uri + " imports '" + reference + "', which the import map does not name");
                }
            }
        }
        long total = 0;
        long totalGzipped = 0;
        for (Map.Entry<URI, Integer> file : sizes.entrySet()) {
            out("  %-60s %,9d bytes (%,d with Accept-Encoding: gzip)", file.getKey().getPath(), file.getValue(),
                    gzipped.get(file.getKey()));
            total += file.getValue();
            totalGzipped += gzipped.get(file.getKey());
        }
        out("The console's weight: %d files, %,d bytes (%.1f KiB); %,d bytes (%.1f KiB) as sent to a browser asking "
                + "for gzip; every one from the registry's origin (no CDN)", sizes.size(), total, total / 1024.0,
                totalGzipped, totalGzipped / 1024.0);
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String describePerDay(String body) {
        String completeUntil = field(body, "completeUntil");
        return "total " + field(body, "total") + " in " + count(body, "\"day\"") + " days, completeUntil "
                + (completeUntil == null ? "absent" : completeUntil);
    }

    /** A top-level scalar field of an answer, as written (without quotes); null when absent or null. */
    private static String field(String json, String name) {
        Matcher field = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|[-0-9.]+|true|false)")
                .matcher(json);
        if (!field.find()) {
            return null;
        }
        return field.group(2) != null ? field.group(2) : field.group(1);
    }

    private static String jsonObject(String json, String name) {
        Matcher object = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\{[^}]*\\})").matcher(json);
        return object.find() ? object.group(1) : "none";
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }

    private static String ms(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
