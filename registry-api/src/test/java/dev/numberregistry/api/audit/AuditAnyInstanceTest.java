package dev.numberregistry.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.JsonBodies;
import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.InstancesOnOneBroker;
import dev.numberregistry.api.security.TestCredentials;
import dev.numberregistry.streams.audit.AuditStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one real broker: banks ask one of them, and either answers who asked about
 * every number and what every bank asked, the other's part of the trail through the instance that
 * owns it.
 */
class AuditAnyInstanceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final List<String> NUMBERS = IntStream.range(0, 8).mapToObj(i -> "+3361234590" + i).toList();
    private static final List<String> BANKS = IntStream.range(0, 6).mapToObj(i -> "bank-" + i).toList();
    private static final String AUDITOR = TestCredentials.bearer("registry:audit:read");

    @TempDir
    Path stateDirs;

    private InstancesOnOneBroker instances;

    @AfterEach
    void stopInstancesThenBroker() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void eitherInstanceAnswersForTheWholeTrail() {
        instances = new InstancesOnOneBroker(stateDirs, "audit-any-instance-test", PARTITIONS, Map.of());
        EmbeddedServer first = instances.start("first", Map.of(), TestCredentials.EXPLICIT);
        EmbeddedServer second = instances.start("second", Map.of(), TestCredentials.EXPLICIT);
        HttpClient toFirst = instances.client(first);
        HttpClient toSecond = instances.client(second);
        Set<HostInfo> both = Set.of(new HostInfo("localhost", first.getPort()), new HostInfo("localhost", second.getPort()));
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> owning(first).equals(both) && owning(second).equals(both));
        assertThat(owners(first, AuditStores.BY_NUMBER, NUMBERS)).as("the numbers' owners").isEqualTo(both);
        assertThat(owners(first, AuditStores.BY_CLIENT, BANKS)).as("the banks' owners").isEqualTo(both);

        // Bank i asks about number i and number i + 1, all of the first instance; nobody knows the numbers. While
        // the group still settles an answer may be 503 (not ready): the bank asks again, and the trail keeps both.
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < BANKS.size(); i++) {
            for (String number : List.of(NUMBERS.get(i), NUMBERS.get(i + 1))) {
                int status;
                do {
                    String correlator = BANKS.get(i) + "-" + number.substring(1) + "-" + attempts.size();
                    HttpResponse<String> answer = Exchanges.exchange(toFirst, HttpRequest.POST(
                                    "/number-recycling/v0.2/check", "{\"phoneNumber\":\"" + number
                                            + "\",\"specifiedDate\":\"2024-03-01\"}")
                            .header(HttpHeaders.AUTHORIZATION, TestCredentials.bearerFor(BANKS.get(i),
                                    "number-recycling:check"))
                            .header("x-correlator", correlator), String.class);
                    status = answer.code();
                    assertThat(status).as(answer.body()).isIn(404, 503);
                    attempts.add(new Attempt(BANKS.get(i), number, status, correlator));
                } while (status != 404);
            }
        }

        for (String number : NUMBERS.subList(0, BANKS.size() + 1)) {
            List<String> asked = attempts.stream().filter(a -> a.number().equals(number)).map(Attempt::seen).toList();
            String path = "/audit/numbers/" + number.replace("+", "%2B");
            List<Map<String, Object>> fromFirst = records(awaitRecords(toFirst, path, asked.size()));
            List<Map<String, Object>> fromSecond = records(awaitRecords(toSecond, path, asked.size()));
            assertThat(fromSecond).as(number).isEqualTo(fromFirst);
            assertThat(fromFirst).extracting(AuditAnyInstanceTest::seen).as(number).containsExactlyInAnyOrderElementsOf(asked);
            assertThat(fromFirst).allSatisfy(record -> assertThat(record.get("answer").toString())
                    .contains((int) record.get("status") == 404 ? "IDENTIFIER_NOT_FOUND" : "UNAVAILABLE"));
        }
        for (String bank : BANKS) {
            List<String> asked = attempts.stream().filter(a -> a.bank().equals(bank)).map(Attempt::seen).toList();
            String path = "/audit/clients/" + bank;
            List<Map<String, Object>> fromFirst = records(awaitRecords(toFirst, path, asked.size()));
            assertThat(records(awaitRecords(toSecond, path, asked.size()))).isEqualTo(fromFirst);
            assertThat(fromFirst).extracting(AuditAnyInstanceTest::seen).as(bank).containsExactlyElementsOf(asked);
        }
        assertThat(forwarded(first)).as("queries the first instance asked the second").isPositive();
        assertThat(forwarded(second)).as("queries the second instance asked the first").isPositive();
    }

    /** A check a bank sent, and what it was answered. */
    private record Attempt(String bank, String number, int status, String correlator) {
        String seen() {
            return bank + " " + number + " " + status + " " + correlator;
        }
    }

    /** A record of the trail as an {@link Attempt#seen}. */
    private static String seen(Map<String, Object> record) {
        return record.get("client") + " " + ((List<?>) record.get("numbers")).get(0) + " " + record.get("status") + " "
                + record.get("correlator");
    }

    private static String awaitRecords(HttpClient client, String path, int count) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> answer = Exchanges.exchange(client, HttpRequest.GET(path)
                    .header(HttpHeaders.AUTHORIZATION, AUDITOR), String.class);
            assertThat(answer.code()).as(answer.body()).isIn(200, 503);
            return answer.code() == 200 ? answer.body() : "{\"records\":[]}";
        }, body -> records(body).size() >= count);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(String body) {
        return (List<Map<String, Object>>) JsonBodies.object(body).get("records");
    }

    private static double forwarded(EmbeddedServer instance) {
        MeterRegistry meters = instance.getApplicationContext().getBean(MeterRegistry.class);
        return meters.get("registry.forwarded.queries").tag("query", "audit").tag("outcome", "answered").timer().count();
    }

    private static KafkaStreams streams(EmbeddedServer server) {
        return server.getApplicationContext().getBean(RunningStreams.class).started().orElseThrow().streams();
    }

    /** The instances that own partitions, as this one sees them, once it runs. */
    private static Set<HostInfo> owning(EmbeddedServer instance) {
        KafkaStreams streams = streams(instance);
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Set.of();
        }
        return streams.metadataForAllStreamsClients().stream().filter(client -> !client.topicPartitions().isEmpty())
                .map(StreamsMetadata::hostInfo).collect(Collectors.toSet());
    }

    private static Set<HostInfo> owners(EmbeddedServer instance, String store, List<String> keys) {
        return keys.stream().map(key -> streams(instance).queryMetadataForKey(store, key, new StringSerializer())
                .activeHost()).collect(Collectors.toSet());
    }
}
