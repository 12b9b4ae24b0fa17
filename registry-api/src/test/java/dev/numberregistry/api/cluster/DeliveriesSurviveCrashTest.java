package dev.numberregistry.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.FreePorts;
import dev.numberregistry.api.subscription.RecordingSink;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry, on its embedded broker in a process of its own, is killed ({@code kill -9}) while
 * it delivers to a slow sink, and started again on its data: every event reaches the sink, in
 * order per number; the only duplicates are deliveries made before the crash and not yet
 * committed, which the contract allows (a sink deduplicates on the event's id).
 */
class DeliveriesSurviveCrashTest {

    private static final int NUMBERS = 150;
    private static final String RECYCLED = "dev.numberregistry.number-recycling.v0.number-recycled";
    private static final String CANCELLED = "dev.numberregistry.number-recycling.v0.number-cancelled";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @TempDir
    Path directory;

    private final int httpPort = FreePorts.freePort();
    private final int kafkaPort = FreePorts.freePort();
    private final RecordingSink sink = new RecordingSink();
    private ChildJvm registry;

    @AfterEach
    void stop() {
        if (registry != null && registry.isAlive()) {
            registry.kill();
        }
        sink.close();
    }

    @Test
    void nothingIsLostWhenTheRegistryIsKilledDuringDeliveries() {
        registry = registry("registry-before-crash");
        registry.start();
        awaitReady();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String carrier = token("billing", "registry:events:write");
        List<String> numbers = IntStream.range(0, NUMBERS).mapToObj(i -> "+1650555" + (1000 + i)).toList();
        Map<String, Object> created = call("POST", "/number-recycling/v0.2/subscriptions", bank, """
                {"protocol":"HTTP","sink":"%s","types":["%s","%s"]}""".formatted(sink.url(), RECYCLED, CANCELLED));
        String id = (String) created.get("id");
        call("POST", "/number-recycling/v0.2/subscriptions/" + id + "/watchlist", bank, "{\"numbers\":["
                + numbers.stream().map(n -> "{\"phoneNumber\":\"" + n + "\",\"lastVerified\":\"2026-01-01\"}")
                .collect(Collectors.joining(",")) + "]}");
        sink.takeTime(15);

        call("POST", "/events", carrier, "[" + numbers.stream().map(DeliveriesSurviveCrashTest::story)
                .collect(Collectors.joining(",")) + "]");
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().size() >= 40);
        registry.kill();
        int beforeCrash = sink.received().size();

        registry = registry("registry-after-crash");
        registry.start();
        awaitReady();

        Set<String> expected = new HashSet<>();
        numbers.forEach(number -> expected.addAll(List.of(number + "-cancelled", number + "-recycled")));
        await().atMost(Duration.ofSeconds(120)).until(() -> ids().containsAll(expected));
        List<String> received = sink.received().stream().map(r -> (String) read(r.body()).get("id")).toList();
        assertThat(new HashSet<>(received)).isEqualTo(expected);
        assertThat(received.size() - expected.size()).as("duplicates: at most what was sent before the crash")
                .isLessThanOrEqualTo(beforeCrash);
        Map<String, List<String>> firstReceipts = new LinkedHashMap<>();
        for (String eventId : new LinkedHashSet<>(received)) {
            String number = eventId.substring(0, eventId.indexOf('-'));
            firstReceipts.computeIfAbsent(number, n -> new ArrayList<>()).add(eventId.substring(number.length() + 1));
        }
        assertThat(firstReceipts).allSatisfy((number, kinds) ->
                assertThat(kinds).as(number).containsExactly("cancelled", "recycled"));
    }

    private Set<String> ids() {
        return sink.received().stream().map(r -> (String) read(r.body()).get("id")).collect(Collectors.toSet());
    }

    private static String story(String number) {
        return """
                {"eventId":"%1$s-assigned","number":"%1$s","type":"NumberAssigned","occurredAt":"2030-01-01T00:00:00Z","source":"billing","subscriberRef":"holder","planType":"POSTPAID"},
                {"eventId":"%1$s-requested","number":"%1$s","type":"CancellationRequested","occurredAt":"2030-01-02T00:00:00Z","source":"billing"},
                {"eventId":"%1$s-cancelled","number":"%1$s","type":"CancellationCompleted","occurredAt":"2030-01-03T00:00:00Z","source":"billing"},
                {"eventId":"%1$s-recycled","number":"%1$s","type":"NumberRecycled","occurredAt":"2030-01-05T00:00:00Z","source":"billing"}"""
                .formatted(number);
    }

    /** The registry as the README starts it (its embedded broker, its data here), loopback sinks allowed. */
    private ChildJvm registry(String name) {
        return ChildJvm.of(name, directory, "512m", List.of(
                "-Dmicronaut.server.port=" + httpPort,
                "-Dregistry.kafka.embedded-port=" + kafkaPort,
                "-Dregistry.kafka.embedded-data-dir=" + directory.resolve("data/kafka"),
                "-Dregistry.streams.state-dir=" + directory.resolve("data/streams"),
                "-Dregistry.kafka.partitions=2",
                "-Dregistry.subscriptions.sinks.allow-http=true",
                "-Dregistry.subscriptions.sinks.allowed-networks=127.0.0.0/8"), Application.class.getName());
    }

    private void awaitReady() {
        await(registry.describe() + " ready").atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(uri("/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private String token(String subject, String scope) {
        return (String) call("POST", "/dev/tokens", null, """
                {"subject":"%s","scopes":["%s"],"validFor":"PT1H"}""".formatted(subject, scope)).get("access_token");
    }

    private Map<String, Object> call(String method, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
            return read(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    private static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
