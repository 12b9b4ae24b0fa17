package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.BenchSupport.bulkProducerConfig;
import static dev.numberregistry.benchmarks.BenchSupport.committedReader;
import static dev.numberregistry.benchmarks.BenchSupport.out;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.event.PlanType;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.SingleObjectCodec;
import dev.numberregistry.streams.codec.EventMapping;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "load" -> load(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            case "batch" -> batch(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("usage: load <bootstrap> <count> <numbers-file> | "
                    + "batch <base-url> <token> <numbers-file> <runs> <warm-up runs>");
        }
        System.exit(0);
    }

    private static void load(String bootstrap, int count, Path numbersFile) throws Exception {
        long start = System.nanoTime();
        String[] numbers = BenchNumbers.generate(count);
        Files.write(numbersFile, Arrays.asList(numbers));
        out("generated %,d numbers in %.1f s", count, (System.nanoTime() - start) / 1e9);

        Instant assigned = Instant.parse(ASSIGNED_ON + "T00:00:00Z");
        SingleObjectCodec<dev.numberregistry.schema.NumberEvent> codec =
                SingleObjectCodec.forType(dev.numberregistry.schema.NumberEvent.class);
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 5_000)) {
            List<TopicPartition> states = new ArrayList<>();
            consumer.partitionsFor("number-state").forEach(p -> states.add(new TopicPartition(p.topic(), p.partition())));
            List<TopicPartition> results = new ArrayList<>(states);
            consumer.partitionsFor("number-events-rejected")
                    .forEach(p -> results.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(results);
            consumer.seekToBeginning(results);
            results.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));

            long produceStart = System.nanoTime();
            AtomicReference<Exception> failure = new AtomicReference<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bulkProducerConfig(bootstrap))) {
                for (int i = 0; i < numbers.length; i++) {
                    NumberEvent event = new NumberEvent("check-bench-" + i, PhoneNumber.parse(numbers[i]), assigned,
                            assigned, "billing", new EventPayload.NumberAssigned("sub-" + i, PlanType.POSTPAID, null));
                    producer.send(new ProducerRecord<>("number-events", numbers[i].getBytes(StandardCharsets.UTF_8),
                            codec.encode(EventMapping.toWire(event))), (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                }
                producer.flush();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("producing failed", failure.get());
            }
            long applied = 0;
            long rejected = 0;
            long lastProgress = System.nanoTime();
            while (applied + rejected < count) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (var record : records) {
                    if (record.topic().equals("number-state")) {
                        applied++;
                    } else {
                        rejected++;
                    }
                }
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(90).toNanos()) {
                    throw new IllegalStateException("stalled after " + applied + " applied");
                }
            }
            if (rejected > 0) {
                throw new IllegalStateException(rejected + " events rejected");
            }
            double loadSeconds = (System.nanoTime() - produceStart) / 1e9;
            out("loaded: %,d numbers applied in %.1f s (%,.0f events/s)", applied, loadSeconds, applied / loadSeconds);
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
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        out("batch of %,d checks, %d runs after %d warm-up runs (every answer verified), ms: %s", BATCH, runs, warmUp,
                Arrays.toString(Arrays.stream(millis).map(m -> Math.round(m * 10) / 10.0).toArray()));
        out("batch of %,d: median %.1f ms, p95 %.1f ms, max %.1f ms, min %.1f ms; bar under 50 ms: %s", BATCH,
                percentile(sorted, 0.5), percentile(sorted, 0.95), sorted[sorted.length - 1], sorted[0],
                percentile(sorted, 0.95) < 50 ? "MET (p95)" : percentile(sorted, 0.5) < 50 ? "MET (median), NOT by p95"
                        : "NOT MET");
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

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
