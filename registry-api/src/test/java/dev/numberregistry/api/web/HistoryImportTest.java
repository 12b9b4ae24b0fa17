package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A number's past sent in one go ends in the state of the fold of its events, every time: the
 * registry's own deadline decisions do not overtake events of the number already in the log
 * (DeadlineGate). The history: assigned on 2023-10-09 prepaid for a month, then topped up on the
 * 5th of every month until now, each top-up buying 35 days, so that by business time the
 * validity never ran out.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryImportTest implements EmbeddedRegistryTestProperties {

    private static final int TRIES = 50;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final LocalDate ASSIGNED = LocalDate.of(2023, 10, 9);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    /** The history of one number, oldest first. */
    private static List<NumberEvent> history(PhoneNumber number) {
        List<NumberEvent> events = new ArrayList<>();
        Instant assigned = ASSIGNED.atTime(10, 0).toInstant(ZoneOffset.UTC);
        events.add(new NumberEvent(number.e164() + "/assigned", number, assigned, assigned, "billing",
                new EventPayload.NumberAssigned("sub-h", PlanType.PREPAID, assigned.plus(Duration.ofDays(31)))));
        Instant now = Instant.now();
        for (LocalDate fifth = LocalDate.of(2023, 11, 5); !fifth.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now);
             fifth = fifth.plusMonths(1)) {
            Instant at = fifth.atTime(12, 0).toInstant(ZoneOffset.UTC);
            if (at.isAfter(now)) {
                break;
            }
            events.add(new NumberEvent(number.e164() + "/top-up/" + fifth, number, at, at, "billing",
                    new EventPayload.TopUpMade(1000, "USD", at.plus(Duration.ofDays(35)))));
        }
        return events;
    }

    private static PhoneNumber number(int series, int index) {
        return PhoneNumber.parse("+1415555" + series + String.format("%03d", index));
    }

    private Map<String, Object> state(PhoneNumber number) {
        return http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number.e164().replace("+", "%2B")),
                Argument.mapOf(String.class, Object.class));
    }

    private List<Map<String, Object>> historyOf(PhoneNumber number) {
        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/"
                + number.e164().replace("+", "%2B") + "/history"), Argument.mapOf(String.class, Object.class));
        return (List<Map<String, Object>>) history.get("events");
    }

    /** The fold of the history: still held, valid 35 days from the last top-up, nothing decided by the registry. */
    private void assertFoldOfItsHistory(PhoneNumber number, List<NumberEvent> events) {
        NumberEvent lastTopUp = events.get(events.size() - 1);
        Map<String, Object> state = state(number);
        assertThat(state).as(number.e164())
                .containsEntry("status", "ACTIVE")
                .containsEntry("appliedEvents", events.size())
                .containsEntry("validUntil", ((EventPayload.TopUpMade) lastTopUp.payload()).validUntil().toString());
        assertThat(historyOf(number)).extracting(event -> event.get("source")).as(number.e164()).containsOnly("billing");
    }

    private static String json(NumberEvent event) {
        EventPayload payload = event.payload();
        String fields = payload instanceof EventPayload.NumberAssigned assigned
                ? "\"subscriberRef\":\"%s\",\"planType\":\"PREPAID\",\"validUntil\":\"%s\""
                .formatted(assigned.subscriberRef(), assigned.validUntil())
                : "\"amountMinorUnits\":1000,\"currency\":\"USD\",\"validUntil\":\"%s\""
                .formatted(((EventPayload.TopUpMade) payload).validUntil());
        return "{\"eventId\":\"%s\",\"number\":\"%s\",\"type\":\"%s\",\"occurredAt\":\"%s\",\"source\":\"billing\",%s}"
                .formatted(event.eventId(), event.number().e164(), event.type(), event.occurredAt(), fields);
    }

    @Test
    void aHistoryPostedOrPublishedInOneGoEndsInTheFoldOfItsEventsEveryTime() {
        // Each history is made once: a run that spans noon UTC of a 5th must not send one and expect another.
        Map<PhoneNumber, List<NumberEvent>> histories = new java.util.HashMap<>();
        List<PhoneNumber> posted = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            PhoneNumber number = number(1, i);
            histories.put(number, history(number));
            String batch = histories.get(number).stream().map(HistoryImportTest::json)
                    .collect(Collectors.joining(",", "[", "]"));
            HttpResponse<Map<String, Object>> answer = http.toBlocking().exchange(HttpRequest.POST(
                    "/events?await=true&timeout=30s", batch).contentType(MediaType.APPLICATION_JSON),
                    Argument.mapOf(String.class, Object.class));
            assertThat((List<Map<String, Object>>) answer.body().get("results")).as(number.e164())
                    .allSatisfy(result -> assertThat(result).containsEntry("outcome", "APPLIED"));
            posted.add(number);
        }
        List<PhoneNumber> published = new ArrayList<>();
        Map<String, Object> transactional = kafka.common();
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "history-publisher");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(transactional, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            for (int i = 0; i < TRIES; i++) {
                PhoneNumber number = number(2, i);
                histories.put(number, history(number));
                producer.beginTransaction();
                for (NumberEvent event : histories.get(number)) {
                    producer.send(new ProducerRecord<>(RegistryTopics.DEFAULT.events(), number.e164(),
                            RegistrySerdes.singleObjectAvro().events().serializer()
                                    .serialize(RegistryTopics.DEFAULT.events(), EventMapping.toWire(event))));
                }
                producer.commitTransaction();
                published.add(number);
            }
        }
        published.forEach(number -> Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> ((Number) state(number).get("appliedEvents")).intValue() >= histories.get(number).size()));

        // A number of each partition whose validity ran out long ago, with nothing after it: its
        // deadlines are decided at once, one after the other, to the end of its quarantine. Once
        // they are, each partition's sweep has decided after every history above was in.
        for (PhoneNumber sentinel : sentinels()) {
            Instant assigned = Instant.parse("2025-01-01T00:00:00Z");
            http.toBlocking().exchange(HttpRequest.POST("/events", json(new NumberEvent("sentinel-" + sentinel.e164(),
                    sentinel, assigned, assigned, "billing", new EventPayload.NumberAssigned("sub-s", PlanType.PREPAID,
                    assigned.plus(Duration.ofDays(1)))))).contentType(MediaType.APPLICATION_JSON));
            Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> "AVAILABLE".equals(state(sentinel).get("status")));
        }

        posted.forEach(number -> assertFoldOfItsHistory(number, histories.get(number)));
        published.forEach(number -> assertFoldOfItsHistory(number, histories.get(number)));
    }

    @Test
    void aHistoryAsLongAsARequestTakesReachesTheLogWholeAndIsAppliedWhole() {
        // A thousand events of one number, more than one produce request carries: the request's
        // transaction brings them to the log whole, so that the sweep cannot fall between two of
        // them (a race too narrow for this test alone to catch reliably without it).
        PhoneNumber number = number(4, 0);
        Instant start = Instant.parse("2000-01-03T00:00:00Z");
        List<NumberEvent> history = new ArrayList<>();
        history.add(new NumberEvent("long/assigned", number, start, start, "billing",
                new EventPayload.NumberAssigned("sub-l", PlanType.PREPAID, start.plus(Duration.ofDays(10)))));
        for (int i = 1; i < 1000; i++) {
            Instant at = start.plus(Duration.ofDays(5L * i));
            history.add(new NumberEvent("long/top-up/" + i, number, at, at, "billing",
                    new EventPayload.TopUpMade(1000, "USD", at.plus(Duration.ofDays(10)))));
        }

        HttpResponse<Map<String, Object>> answer = http.toBlocking().exchange(HttpRequest.POST(
                "/events?await=true&timeout=30s", history.stream().map(HistoryImportTest::json)
                        .collect(Collectors.joining(",", "[", "]"))).contentType(MediaType.APPLICATION_JSON),
                Argument.mapOf(String.class, Object.class));

        assertThat((List<Map<String, Object>>) answer.body().get("results")).hasSize(1000)
                .allSatisfy(result -> assertThat(result).containsEntry("outcome", "APPLIED"));
    }

    /** One number in each partition of the event log. */
    private List<PhoneNumber> sentinels() {
        EventPlacement placement = new EventPlacement(Integer.parseInt(getProperties().get("registry.kafka.partitions")));
        List<PhoneNumber> sentinels = new ArrayList<>();
        for (int partition = 0; partition < placement.partitions(); partition++) {
            for (int index = 0; ; index++) {
                PhoneNumber candidate = number(3, index);
                if (placement.partitionOf(candidate.e164().getBytes(StandardCharsets.UTF_8)) == partition) {
                    sentinels.add(candidate);
                    break;
                }
            }
        }
        return sentinels;
    }
}
