package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;

import dev.numberregistry.benchmarks.harness.Percentiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many deliveries a second the benchmark's own sink ({@link TimingSink}) takes from a client
 * like the registry's (the JDK's HttpClient, HTTP/1.1, a cached thread pool), with no registry:
 * the ceiling of the harness, so that a limit the delivery benchmark finds is known to be the
 * registry's or not. The bodies are CloudEvents of the size the registry sends.
 */
final class SinkCeiling {

    private static final String BODY = """
            {"id":"cc-%d","source":"/number-recycling/v0.2/subscriptions/0b6f0c2e-4a1e-4c59-9d7a-3e1f5f1b2a10",\
            "type":"dev.numberregistry.number-recycling.v0.number-cancelled","specversion":"1.0",\
            "datacontenttype":"application/json","time":"2026-12-02T02:45:00Z","data":{"phoneNumber":"+12012000000",\
            "subscriptionId":"0b6f0c2e-4a1e-4c59-9d7a-3e1f5f1b2a10","occurredAt":"2026-12-02T02:45:00Z"}}""";

    private SinkCeiling() {
    }

    /** Posts as fast as {@code concurrency} requests at once allow, for {@code seconds}, and prints the rate. */
    static void measure(int concurrency, int seconds, int sinkThreads) throws Exception {
        int most = 2_000_000;
        try (TimingSink sink = new TimingSink("cc-", most, sinkThreads)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newCachedThreadPool()).build();
            URI uri = URI.create(sink.url(0));
            Semaphore slots = new Semaphore(concurrency);
            AtomicInteger failed = new AtomicInteger();
            long[] took = new long[most];
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            int sent = 0;
            while (System.nanoTime() < end && sent < most) {
                slots.acquire();
                int index = sent++;
                long began = System.nanoTime();
                http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/cloudevents+json")
                                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(index))).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                            if (error != null || response.statusCode() != 204) {
                                failed.incrementAndGet();
                            }
                            took[index] = System.nanoTime() - began;
                            slots.release();
                        });
            }
            slots.acquire(concurrency);
            double wall = seconds(System.nanoTime() - start);
            long[] done = Arrays.copyOf(took, sent);
            Percentiles latency = Percentiles.of(Arrays.stream(done).asDoubleStream().map(n -> n / 1e6)
                    .toArray());
            out("Sink ceiling: %,d deliveries in %.1f s with %d at once: %,.0f/s (%d failed); round trip p50 %.1f ms, "
                            + "p99 %.1f ms; the sink counted %,d", sent, wall, concurrency, sent / wall, failed.get(),
                    latency.nearestRank(0.5), latency.nearestRank(0.99), sink.received());
        }
    }
}
