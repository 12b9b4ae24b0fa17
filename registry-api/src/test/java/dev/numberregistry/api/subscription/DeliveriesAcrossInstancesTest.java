package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.InstancesOnOneBroker;
import dev.numberregistry.api.security.TestCredentials;
import dev.numberregistry.streams.EventPlacement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the registry share the deliveries: each sends the subscriptions of the
 * partitions it has. Every event reaches every sink that wants it, once: none is sent by both.
 */
class DeliveriesAcrossInstancesTest {

    private static final int PARTITIONS = 4;
    private static final String APPLICATION = "deliveries-across-instances";
    private static final String RECYCLED = "dev.numberregistry.number-recycling.v0.number-recycled";
    private static final List<String> NUMBERS = IntStream.range(0, 20).mapToObj(i -> "+1650" + (4_000_000 + i)).toList();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @TempDir
    Path stateDirs;

    private InstancesOnOneBroker instances;
    private final List<RecordingSink> sinks = new ArrayList<>();

    @AfterEach
    void stopAll() {
        sinks.forEach(RecordingSink::close);
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void everyEventReachesEverySinkOnceWhicheverInstanceSendsIt() {
        instances = new InstancesOnOneBroker(stateDirs, APPLICATION, PARTITIONS, Map.of(
                "registry.subscriptions.sinks.allow-http", true,
                "registry.subscriptions.sinks.allowed-networks", "127.0.0.0/8"));
        EmbeddedServer first = instances.start("first", Map.of());
        EmbeddedServer second = instances.start("second", Map.of());
        HttpClient toFirst = instances.client(first);
        HttpClient toSecond = instances.client(second);
        Map<Integer, String> owners = awaitDeliveriesSplit();

        // Subscriptions until every partition of the deliveries has one: both instances send some.
        String bank = TestCredentials.bearerFor("bank-a", "number-recycling:subscriptions:write");
        Map<String, RecordingSink> sinkOf = new HashMap<>();
        Set<Integer> covered = new HashSet<>();
        for (int made = 0; covered.size() < PARTITIONS && made < 100; made++) {
            RecordingSink sink = new RecordingSink();
            sinks.add(sink);
            HttpClient via = made % 2 == 0 ? toFirst : toSecond;
            Map<String, Object> created = via.toBlocking().retrieve(HttpRequest.POST("/number-recycling/v0.2/subscriptions",
                    """
                    {"protocol":"HTTP","sink":"%s","types":["%s"]}""".formatted(sink.url(), RECYCLED))
                    .header(HttpHeaders.AUTHORIZATION, bank), Argument.mapOf(String.class, Object.class));
            String id = (String) created.get("id");
            sinkOf.put(id, sink);
            covered.add(partitionOf(id));
            // Each watchlist page goes to the other instance than its subscription's: any instance takes any.
            (via == toFirst ? toSecond : toFirst).toBlocking().exchange(HttpRequest.POST(
                    "/number-recycling/v0.2/subscriptions/" + id + "/watchlist", "{\"numbers\":[" + NUMBERS.stream()
                            .map(n -> "{\"phoneNumber\":\"" + n + "\",\"lastVerified\":\"2026-01-01\"}")
                            .collect(Collectors.joining(",")) + "]}").header(HttpHeaders.AUTHORIZATION, bank));
        }
        assertThat(covered).hasSize(PARTITIONS);
        assertThat(new HashSet<>(owners.values())).hasSize(2);

        toFirst.toBlocking().exchange(HttpRequest.POST("/events?await=true", "[" + NUMBERS.stream()
                .map(number -> SubscriptionsApiTest.story(number, number))
                .collect(Collectors.joining(",")) + "]").header(HttpHeaders.AUTHORIZATION, TestCredentials.carrier()));

        Set<String> expected = NUMBERS.stream().map(number -> number + "-recycled").collect(Collectors.toSet());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sinkOf.values().stream()
                .allMatch(sink -> sink.received().size() >= expected.size()));
        sinkOf.forEach((id, sink) -> assertThat(sink.received()).as("subscription %s", id)
                .extracting(received -> (String) read(received.body()).get("id"))
                .containsExactlyInAnyOrderElementsOf(expected));
        assertThat(delivered(first) + delivered(second)).isEqualTo((long) expected.size() * sinkOf.size());
        assertThat(delivered(first)).as("the first instance sent some").isPositive();
        assertThat(delivered(second)).as("the second instance sent some").isPositive();
    }

    private static long delivered(EmbeddedServer server) {
        Timer timer = server.getApplicationContext().getBean(MeterRegistry.class).find("registry.deliveries")
                .tag("outcome", "delivered").timer();
        return timer == null ? 0 : timer.count();
    }

    /** The partitions of the deliveries topic by the member that has them, once both members have some. */
    private Map<Integer, String> awaitDeliveriesSplit() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, instances.bootstrapServers()))) {
            return Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                Map<Integer, String> owners = new HashMap<>();
                for (MemberDescription member : admin.describeConsumerGroups(List.of(APPLICATION + "-deliveries"))
                        .all().get().get(APPLICATION + "-deliveries").members()) {
                    member.assignment().topicPartitions().forEach(p -> owners.put(p.partition(), member.consumerId()));
                }
                return owners;
            }, owners -> owners.size() == PARTITIONS && new HashSet<>(owners.values()).size() == 2);
        }
    }

    private static int partitionOf(String subscriptionId) {
        return new EventPlacement(PARTITIONS).partitionOf(subscriptionId.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
