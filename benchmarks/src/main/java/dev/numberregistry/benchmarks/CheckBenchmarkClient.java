package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.KafkaClients.bulkProducerConfig;
import static dev.numberregistry.benchmarks.harness.KafkaClients.committedReader;
import static dev.numberregistry.benchmarks.harness.KafkaClients.positionAtStart;

import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.BulkSender;
import dev.numberregistry.benchmarks.harness.Percentiles;
import dev.numberregistry.benchmarks.harness.ResultCounter;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.streams.RegistryTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The Java side of the check benchmark (issue #4, {@code bench/check-benchmark.sh}): fills a
 * running registry with numbers, and times batches of checks. Run with the shaded jar and the
 * benchmarks module's classes on the class path, as the script does.
 *
 * <ul>
 *   <li>{@code load <bootstrap> <count> <numbers-file>}: N distinct valid numbers, each assigned
 *       on {@value #ASSIGNED_ON} (postpaid: no deadline), produced to number-events; returns when
 *       the registry has applied all of them (N states on number-state, read_committed). Writes
 *       the numbers to the file, one a line, for the load generator.</li>
 *   <li>{@code batch <base-url> <token> <numbers-file> <runs> <warm-up runs>}: POSTs batches of
 *       1,000 random numbers to /number-recycling/v0.2/check-batch, half asked about a date
 *       before their assignment (RECYCLED: nobody held them then) and half after
 *       (NOT_RECYCLED), checks every answer, and prints the time of each run.</li>
 * </ul>
 */
public final class CheckBenchmarkClient {

    static final String ASSIGNED_ON = "2024-01-01";
    static final String DATE_HELD = "2025-01-01";
    static final String DATE_BEFORE = "2023-06-01";
    private static final int BATCH = 1000;

    private CheckBenchmarkClient() {
    }

    public static void main(String[] args) {
        Bench.main(() -> {
            switch (args.length == 0 ? "" : args[0]) {
                case "load" -> load(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
                case "batch" -> batch(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]));
                default -> throw new IllegalArgumentException("usage: load <bootstrap> <count> <numbers-file> | "
                        + "batch <base-url> <token> <numbers-file> <runs> <warm-up runs>");
            }
        });
    }

    private static void load(String bootstrap, int count, Path numbersFile) throws Exception {
        long start = System.nanoTime();
        String[] numbers = BenchNumbers.generate(count);
        Files.write(numbersFile, Arrays.asList(numbers));
        out("generated %,d numbers in %.1f s", count, (System.nanoTime() - start) / 1e9);

        RegistryTopics topics = RegistryTopics.DEFAULT;
        Instant assigned = Instant.parse(ASSIGNED_ON + "T00:00:00Z");
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 5_000)) {
            List<TopicPartition> results = new ArrayList<>();
            for (String topic : List.of(topics.states(), topics.rejected())) {
                consumer.partitionsFor(topic).forEach(p -> results.add(new TopicPartition(p.topic(), p.partition())));
            }
            positionAtStart(consumer, results);

            long produceStart = System.nanoTime();
            try (BulkSender sender = new BulkSender(bulkProducerConfig(bootstrap))) {
                for (int i = 0; i < numbers.length; i++) {
                    sender.send(topics.events(), new NumberEvent("check-bench-" + i, PhoneNumber.parse(numbers[i]),
                            assigned, assigned, "billing",
                            new EventPayload.NumberAssigned("sub-" + i, PlanType.POSTPAID, null)));
                }
                sender.flush();
            }
            ResultCounter applied = new ResultCounter(consumer, count, topics.rejected())
                    .stallTimeout(Duration.ofSeconds(90));
            applied.run();
            applied.failIfIncomplete("loading");
            if (applied.rejected() > 0) {
                throw new IllegalStateException(applied.rejected() + " events rejected");
            }
            double loadSeconds = (System.nanoTime() - produceStart) / 1e9;
            long states = applied.count() - applied.rejected();
            out("loaded: %,d numbers applied in %.1f s (%,.0f events/s)", states, loadSeconds, states / loadSeconds);
        }
    }

    private static void batch(String baseUrl, String token, Path numbersFile, int runs, int warmUp) throws Exception {
        List<String> numbers = Files.readAllLines(numbersFile);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random random = new Random(7);
        double[] millis = new double[runs];
        for (int run = -warmUp; run < runs; run++) {
            StringBuilder body = new StringBuilder(64 * BATCH).append("{\"checks\":[");
            boolean[] before = new boolean[BATCH];
            for (int i = 0; i < BATCH; i++) {
                before[i] = random.nextBoolean();
                body.append(i == 0 ? "" : ",").append("{\"phoneNumber\":\"")
                        .append(numbers.get(random.nextInt(numbers.size()))).append("\",\"specifiedDate\":\"")
                        .append(before[i] ? DATE_BEFORE : DATE_HELD).append("\"}");
            }
            body.append("]}");
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/number-recycling/v0.2/check-batch"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            verify(response, before);
            if (run >= 0) {
                millis[run] = nanos / 1e6;
            }
        }
        Percentiles times = Percentiles.of(millis);
        out("batch of %,d checks, %d runs after %d warm-up runs (every answer verified), ms: %s", BATCH, runs, warmUp,
                Arrays.toString(Arrays.stream(millis).map(m -> Math.round(m * 10) / 10.0).toArray()));
        double median = times.nearestRank(0.5);
        double p95 = times.nearestRank(0.95);
        out("batch of %,d: median %.1f ms, p95 %.1f ms, max %.1f ms, min %.1f ms; bar under 50 ms: %s", BATCH,
                median, p95, times.max(), times.min(),
                p95 < 50 ? "MET (p95)" : median < 50 ? "MET (median), NOT by p95" : "NOT MET");
    }

    private static void verify(HttpResponse<String> response, boolean[] before) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("batch answered " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        int at = 0;
        for (int i = 0; i < before.length; i++) {
            String expected = "\"result\":\"" + (before[i] ? "RECYCLED" : "NOT_RECYCLED") + "\"";
            int found = body.indexOf("\"result\":\"", at);
            if (found < 0 || !body.startsWith(expected, found)) {
                throw new IllegalStateException("answer " + i + " is not " + expected + ": "
                        + body.substring(Math.max(0, found), Math.min(body.length(), Math.max(0, found) + 80)));
            }
            at = found + expected.length();
        }
        if (body.indexOf("\"result\":\"", at) >= 0) {
            throw new IllegalStateException("more than " + before.length + " answers");
        }
    }
}
