package dev.numberregistry.api.web;

import static dev.numberregistry.api.EventJson.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.EventJson;
import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The queries the ops console is built on, end to end on the embedded broker: a number's deadlines
 * ahead and reminders sent, what a bank would be told for a date, the ends per day, and the
 * recent rejections of every number. Reminders come 30 seconds before a validity end, so that one is
 * sent while the test waits, with half a minute to spare on a busy machine before the end it reminds of.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class ConsoleQueriesTest implements EmbeddedRegistryTestProperties {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.policy.reminder-lead-times", "30s");
    }


    private List<Map<String, Object>> applied(String... events) {
        HttpResponse<Map> answer = Exchanges.exchange(http,
                HttpRequest.POST("/events?await=true", EventJson.batch(events)), Map.class);
        assertThat(answer.code()).as("%s", answer.getBody(String.class)).isEqualTo(200);
        return (List<Map<String, Object>>) answer.body().get("results");
    }

    private HttpResponse<Map> get(String path) {
        return Exchanges.exchange(http, HttpRequest.GET(path), Map.class);
    }

    private Map<String, Object> body(String path) {
        HttpResponse<Map> answer = get(path);
        assertThat(answer.code()).as(path).isEqualTo(200);
        return answer.body();
    }

    @Test
    void theConsolesPagesRunOnlyTheRegistrysScriptsAndTalkOnlyToIt() {
        HttpResponse<String> page = Exchanges.exchange(http, HttpRequest.GET("/console/"), String.class);

        assertThat(page.code()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self' 'sha256-")
                .contains("connect-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(Exchanges.exchange(http, HttpRequest.GET("/"), String.class).body())
                .as("the registry's address leads to the console").contains("<title>Number registry: ops console</title>");
    }

    @Test
    void aNumbersDeadlinesAheadAreTheLifecyclesOwn() {
        applied(event("ahead-1", "+14155550301", "NumberAssigned", "2030-01-01T00:00:00Z",
                "\"subscriberRef\":\"sub-301\",\"planType\":\"PREPAID\",\"validUntil\":\"2030-02-01T00:00:00Z\""));

        Map<String, Object> deadlines = body("/numbers/14155550301/deadlines");

        assertThat(deadlines).containsEntry("number", "+14155550301").containsEntry("remindersSent", List.of());
        assertThat((List<Map<String, Object>>) deadlines.get("ahead"))
                .extracting(d -> d.get("kind"), d -> d.get("at"), d -> d.get("ends"), d -> d.get("leadTime"))
                .containsExactly(
                        tuple("VALIDITY_REMINDER", "2030-01-31T23:59:30Z", "2030-02-01T00:00:00Z", "PT30S"),
                        tuple("VALIDITY_END", "2030-02-01T00:00:00Z", "2030-02-01T00:00:00Z", "PT0S"));
        assertThat(get("/numbers/14155550399/deadlines").code()).isEqualTo(404);
    }

    @Test
    void theRemindersANumberWasSentAreKept() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The reminder is due in a second, 30 s before the end: the sweep (every 250 ms) sends it well before then.
        Instant validUntil = now.plusSeconds(31);
        applied(event("reminded-1", "+14155550303", "NumberAssigned", now.toString(),
                "\"subscriberRef\":\"sub-303\",\"planType\":\"PREPAID\",\"validUntil\":\"" + validUntil + "\""));

        Map<String, Object> deadlines = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> body("/numbers/14155550303/deadlines"),
                        answer -> !((List<?>) answer.get("remindersSent")).isEmpty());

        assertThat((List<Map<String, Object>>) deadlines.get("remindersSent")).singleElement().satisfies(reminder ->
                assertThat(reminder).containsEntry("kind", "VALIDITY_ENDING").containsEntry("leadTime", "PT30S")
                        .containsEntry("endsAt", validUntil.toString())
                        .containsEntry("remindAt", validUntil.minusSeconds(30).toString())
                        .containsEntry("reminderId", "+14155550303/VALIDITY_ENDING/" + validUntil + "/PT30S"));
    }

    @Test
    void aBankAnswerIsWhatTheCheckWouldAnswer() {
        String number = "+14155550302";
        applied(event("bank-1", number, "NumberImported", "2025-07-01T00:00:00Z", "\"status\":\"ACTIVE\","
                + "\"holder\":{\"subscriberRef\":\"sub-302\",\"planType\":\"POSTPAID\","
                + "\"tenureStart\":\"2025-06-01T00:00:00Z\",\"assignmentNumber\":2},"
                + "\"coveredFrom\":\"2025-01-01T00:00:00Z\""));

        assertThat(body("/numbers/14155550302/bank-answer?date=2025-03-01")).containsEntry("number", number)
                .containsEntry("specifiedDate", "2025-03-01").containsEntry("status", 200)
                .containsEntry("answer", Map.of("phoneNumberRecycled", true));
        assertThat(body("/numbers/14155550302/bank-answer?date=2025-07-01"))
                .containsEntry("answer", Map.of("phoneNumberRecycled", false));
        Map<String, Object> beforeCoverage = body("/numbers/14155550302/bank-answer?date=2024-12-31");
        assertThat(beforeCoverage).containsEntry("status", 400);
        assertThat((Map<String, Object>) beforeCoverage.get("answer")).containsEntry("code", "OUT_OF_RANGE");
        assertThat((Map<String, Object>) body("/numbers/14155550302/bank-answer?date=tomorrow").get("answer"))
                .containsEntry("code", "INVALID_ARGUMENT");
        assertThat((Map<String, Object>) body("/numbers/14155550399/bank-answer?date=2025-03-01").get("answer"))
                .containsEntry("status", 404);
    }

    @Test
    void theEndsPerDayCountWhatTheDueListLists() {
        applied(event("due-1", "+14155550311", "NumberAssigned", "2031-01-01T00:00:00Z",
                        "\"subscriberRef\":\"s-1\",\"planType\":\"PREPAID\",\"validUntil\":\"2031-02-10T08:00:00Z\""),
                event("due-2", "+14155550312", "NumberAssigned", "2031-01-01T00:00:00Z",
                        "\"subscriberRef\":\"s-2\",\"planType\":\"PREPAID\",\"validUntil\":\"2031-02-10T20:00:00Z\""),
                event("due-3", "+14155550313", "NumberAssigned", "2031-01-01T00:00:00Z",
                        "\"subscriberRef\":\"s-3\",\"planType\":\"PREPAID\",\"validUntil\":\"2031-02-12T00:00:00Z\""),
                event("due-4", "+14155550314", "NumberAssigned", "2031-01-01T00:00:00Z",
                        "\"subscriberRef\":\"s-4\",\"planType\":\"PREPAID\",\"validUntil\":\"2031-03-20T00:00:00Z\""));

        Map<String, Object> february = body("/deadlines/per-day?from=2031-02-01T00:00:00Z&to=2031-03-01T00:00:00Z");
        assertThat((List<Map<String, Object>>) february.get("days")).containsExactly(
                Map.of("day", "2031-02-10", "count", 2), Map.of("day", "2031-02-12", "count", 1));
        assertThat(february).containsEntry("total", 3).doesNotContainKey("completeUntil");
        Map<String, Object> listed = body("/numbers?deadlineBefore=2031-03-01T00:00:00Z&state=ACTIVE");
        assertThat((List<Map<String, Object>>) listed.get("items")).filteredOn(item ->
                        item.get("deadline").toString().startsWith("2031-02"))
                .extracting(item -> item.get("number"))
                .containsExactly("+14155550311", "+14155550312", "+14155550313");

        assertThat(body("/deadlines/per-day?from=2031-02-01T00:00:00Z&to=2031-03-01T00:00:00Z&state=IN_GRACE"))
                .containsEntry("days", List.of()).containsEntry("total", 0);
        assertThat(get("/deadlines/per-day?from=2031-01-01T00:00:00Z&to=2031-06-01T00:00:00Z").body())
                .containsEntry("status", 400).containsEntry("code", "BAD_QUERY");
        assertThat(get("/deadlines/per-day?from=2031-01-01T00:00:00Z").body()).containsEntry("code", "BAD_QUERY");
    }

    @Test
    void theRecentRejectionsOfEveryNumberComeWithTheirCountsAndRawRecords() {
        applied(event("refused-1", "+14155550321", "NumberAssigned", "2030-01-01T00:00:00Z",
                        "\"subscriberRef\":\"s-21\",\"planType\":\"PREPAID\""),
                event("refused-2", "+14155550321", "NumberAssigned", "2030-01-02T00:00:00Z",
                        "\"subscriberRef\":\"s-22\",\"planType\":\"PREPAID\""));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.common(), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("number-events", "+14155550322", "{\"not\": \"an event\"}"));
        }

        Map<String, Object> recent = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> body("/rejections"), answer -> ((List<?>) answer.get("rejections")).size() >= 2);
        List<Map<String, Object>> rejections = (List<Map<String, Object>>) recent.get("rejections");
        assertThat(rejections).extracting(r -> r.get("rawKey"), r -> r.get("code")).startsWith(
                tuple("+14155550322", "UNDECODABLE"), tuple("+14155550321", "ALREADY_REGISTERED"));
        assertThat(rejections.get(0)).containsEntry("rawKey", "+14155550322")
                .containsEntry("rawValue", "{\"not\": \"an event\"}").containsEntry("rawValueLength", 19)
                .doesNotContainKey("rawEvent");
        assertThat(rejections.get(1)).containsEntry("eventId", "refused-2").containsKey("rawValueBase64");
        assertThat(rejections.get(1).get("rawEvent").toString()).contains("\"eventId\": \"refused-2\"").contains("s-22");
        assertThat((Map<String, Object>) recent.get("countsByCode")).containsEntry("UNDECODABLE", 1)
                .containsEntry("ALREADY_REGISTERED", 1);

        Map<String, Object> byCode = body("/rejections?code=ALREADY_REGISTERED");
        assertThat((List<Map<String, Object>>) byCode.get("rejections")).extracting(r -> r.get("eventId"))
                .containsExactly("refused-2");
        assertThat(byCode.get("countsByCode")).as("counted whatever the filter").isEqualTo(recent.get("countsByCode"));
        assertThat((List<Map<String, Object>>) body("/rejections?number=14155550321").get("rejections"))
                .extracting(r -> r.get("eventId")).containsExactly("refused-2");
        assertThat((List<Map<String, Object>>) body("/numbers/14155550321/rejections").get("rejections"))
                .as("a number's rejections say when the refused event happened").singleElement()
                .satisfies(refused -> assertThat(refused).containsEntry("occurredAt", "2030-01-02T00:00:00Z"));
        assertThat(get("/rejections?limit=501").body()).containsEntry("code", "BAD_QUERY");
        assertThat(get("/rejections?number=hello").body()).containsEntry("code", "INVALID_NUMBER");
    }
}
