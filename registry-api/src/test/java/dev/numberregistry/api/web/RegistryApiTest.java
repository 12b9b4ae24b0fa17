package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The REST API end to end, on the embedded broker, as the README's walk-through uses it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiTest implements EmbeddedRegistryTestProperties {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    private static String event(String id, String number, String type, String occurredAt, String fields) {
        return """
                {"eventId":"%s","number":"%s","type":"%s","occurredAt":"%s","source":"billing"%s}"""
                .formatted(id, number, type, occurredAt, fields.isEmpty() ? "" : "," + fields);
    }

    private HttpResponse<Map> post(String json) {
        return Exchanges.exchange(http, HttpRequest.POST("/events", json), Map.class);
    }

    private Map<String, Object> awaitState(String encodedNumber, String expectedStatus) {
        List<Map<String, Object>> seen = new ArrayList<>();
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            Map<String, Object> state = http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + encodedNumber), Argument.mapOf(String.class, Object.class));
            seen.add(0, state);
            return expectedStatus.equals(state.get("status"));
        });
        return seen.get(0);
    }

    @Test
    void postedEventsBecomeTheNumbersStateAndHistory() {
        HttpResponse<Map> assigned = post(event("walk-1", "+1 415 555 2671", "NumberAssigned",
                "2030-01-01T09:00:00Z", "\"subscriberRef\":\"sub-42\",\"planType\":\"PREPAID\","
                        + "\"validUntil\":\"2030-01-31T00:00:00Z\""));
        assertThat(assigned.code()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        assertThat(assigned.body()).containsEntry("accepted", 1);

        HttpResponse<Map> batch = post("[" + event("walk-2", "+14155552671", "TopUpMade", "2030-01-20T10:00:00Z",
                "\"amountMinorUnits\":1000,\"currency\":\"USD\",\"validUntil\":\"2030-03-01T00:00:00Z\"") + ","
                + event("walk-3", "+14155552671", "FlagRaised", "2030-01-21T10:00:00Z",
                "\"flagId\":\"f-1\",\"kind\":\"SPAM\",\"severity\":\"LOW\",\"raisedBy\":\"abuse-desk\"") + "]");
        assertThat(batch.code()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        assertThat(batch.body()).containsEntry("accepted", 2);

        Map<String, Object> state = awaitState("%2B14155552671", "ACTIVE");
        Awaitility.await().atMost(PATIENCE).until(() -> ((Number) http.toBlocking()
                .retrieve(HttpRequest.GET("/numbers/%2B14155552671"), Map.class).get("appliedEvents")).intValue() == 3);
        state = http.toBlocking().retrieve(HttpRequest.GET("/numbers/%2B14155552671"), Argument.mapOf(String.class, Object.class));
        assertThat(state).containsEntry("number", "+14155552671")
                .containsEntry("validUntil", "2030-03-01T00:00:00Z")
                .containsEntry("lastTopUpAt", "2030-01-20T10:00:00Z");
        assertThat((Map<String, Object>) state.get("holder")).containsEntry("subscriberRef", "sub-42")
                .containsEntry("assignmentNumber", 1);
        assertThat((List<Map<String, Object>>) state.get("flags")).extracting(flag -> flag.get("flagId"))
                .containsExactly("f-1");

        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/%2B14155552671/history"), Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) history.get("events")).extracting(e -> e.get("eventId"))
                .containsExactly("walk-1", "walk-2", "walk-3");
    }

    @Test
    void aTenureEndsCleanlyOverTheApiFlagsClearedInTheHistoryAndARecoveryThatLapsesAgain() {
        String number = "+12025550177";
        HttpResponse<Map> story = http.toBlocking().exchange(HttpRequest.POST("/events?await=true", "["
                + event("t-1", number, "NumberAssigned", "2030-01-01T00:00:00Z",
                        "\"subscriberRef\":\"sub-77\",\"planType\":\"PREPAID\",\"validUntil\":\"2030-02-01T00:00:00Z\"") + ","
                + event("t-2", number, "FlagRaised", "2030-01-02T00:00:00Z",
                        "\"flagId\":\"fraud-1\",\"kind\":\"FRAUD\",\"severity\":\"HIGH\",\"raisedBy\":\"fraud-desk\"") + ","
                + event("t-3", number, "CancellationRequested", "2030-01-03T00:00:00Z", "") + ","
                + event("t-4", number, "CancellationCompleted", "2030-01-04T00:00:00Z", "") + ","
                + event("t-5", number, "NumberRecycled", "2030-01-05T00:00:00Z", "") + ","
                + event("t-6", number, "NumberRecovered", "2030-01-06T00:00:00Z",
                        "\"subscriberRef\":\"sub-77\",\"validUntil\":\"2030-03-01T00:00:00Z\"") + "]"), Map.class);

        assertThat((List<Map<String, Object>>) story.body().get("results")).extracting(r -> r.get("outcome") + " "
                + r.getOrDefault("code", "")).containsOnly("APPLIED ").hasSize(6);
        Map<String, Object> state = http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number),
                Argument.mapOf(String.class, Object.class));
        assertThat(state).containsEntry("status", "ACTIVE").containsEntry("validUntil", "2030-03-01T00:00:00Z")
                .containsEntry("flags", List.of());
        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number + "/history"),
                Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) history.get("events")).filteredOn(e -> "FlagCleared".equals(e.get("type")))
                .singleElement().satisfies(cleared -> assertThat(cleared).containsEntry("eventId", "t-4/tenure-ended/fraud-1")
                        .containsEntry("reason", "TENURE_ENDED").containsEntry("clearedBy", "registry")
                        .containsEntry("source", "registry"));
        Map<String, Object> upcoming = http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?deadlineBefore=2030-03-02T00:00:00Z&state=ACTIVE"), Argument.mapOf(String.class, Object.class));
        assertThat(upcoming.toString()).as("the recovered number lapses again at its new validity end")
                .contains(number).contains("2030-03-01T00:00:00Z");
    }

    @Test
    void aResentEventIsAppliedOnce() {
        String topUp = event("dup-2", "+12025550123", "TopUpMade", "2030-02-02T00:00:00Z",
                "\"amountMinorUnits\":500,\"currency\":\"USD\",\"validUntil\":\"2030-04-01T00:00:00Z\"");
        post(event("dup-1", "+12025550123", "NumberAssigned", "2030-02-01T00:00:00Z",
                "\"subscriberRef\":\"sub-7\",\"planType\":\"PREPAID\""));
        post(topUp);
        post(topUp);
        post(event("dup-3", "+12025550123", "FlagRaised", "2030-02-03T00:00:00Z",
                "\"flagId\":\"f\",\"kind\":\"FRAUD\",\"severity\":\"HIGH\",\"raisedBy\":\"risk\""));

        Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> http.toBlocking()
                .retrieve(HttpRequest.GET("/numbers/%2B12025550123"), Map.class).get("lastEventId").equals("dup-3"));
        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/%2B12025550123/history"), Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) history.get("events")).extracting(e -> e.get("eventId"))
                .containsExactly("dup-1", "dup-2", "dup-3");
    }

    @Test
    void aBatchAnswersForEachEventAndRefusesOnlyTheBadOnes() {
        HttpResponse<Map> response = post("[" + event("mix-1", "+919876543210", "NumberAssigned",
                "2030-01-01T00:00:00Z", "\"subscriberRef\":\"s\",\"planType\":\"POSTPAID\"") + ","
                + event("mix-2", "+91 12", "NumberAssigned", "2030-01-01T00:00:00Z",
                "\"subscriberRef\":\"s\",\"planType\":\"POSTPAID\"") + ","
                + event("mix-3", "+919876543210", "NumberSuspended", "2030-01-02T00:00:00Z", "\"reason\":\"BROKE\"")
                + "," + "\"just a string\"" + "]");

        assertThat(response.code()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        Map<String, Object> body = response.body();
        assertThat(body).containsEntry("accepted", 1).containsEntry("rejected", 3);
        List<Map<String, Object>> results = (List<Map<String, Object>>) body.get("results");
        assertThat(results).extracting(r -> r.get("status")).containsExactly("ACCEPTED", "REJECTED", "REJECTED",
                "REJECTED");
        assertThat(results.get(1)).containsEntry("code", "INVALID_NUMBER");
        assertThat((String) results.get(1).get("reason")).contains("too short");
        assertThat(results.get(2)).containsEntry("code", "INVALID_EVENT");
        assertThat((String) results.get(2).get("reason")).contains("BROKE").contains("ARREARS");
        assertThat(results.get(3)).containsEntry("code", "INVALID_EVENT");
    }

    @Test
    void refusedEventsAndLifecycleRejectionsAreKeptOnTheRejectedTopic() {
        post(event("rej-1", "+61412345678", "NumberReassigned", "2030-01-01T00:00:00Z",
                "\"subscriberRef\":\"s\",\"planType\":\"PREPAID\""));
        HttpResponse<Map> refused = post(event("rej-2", "+61412345678", "TopUpMade", "2030-01-01T00:00:00Z",
                "\"currency\":\"AUD\""));
        assertThat(refused.code()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());

        Map<String, String> reasonByEventId = readRejections("rej-1", "rej-2");

        assertThat(reasonByEventId).containsEntry("rej-1", "UNKNOWN_NUMBER").containsEntry("rej-2", "INVALID_EVENT");
    }

    @Test
    void aNumbersRejectionsSayWhatWasRefusedAndWhy() {
        post(event("why-1", "+33612345678", "NumberAssigned", "2030-01-01T00:00:00Z",
                "\"subscriberRef\":\"s\",\"planType\":\"PREPAID\""));
        post(event("why-2", "+33612345678", "NumberResumed", "2030-01-02T00:00:00Z", ""));

        Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> !((List<?>) http.toBlocking()
                .retrieve(HttpRequest.GET("/numbers/33612345678/rejections"), Map.class).get("rejections")).isEmpty());
        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/numbers/+33612345678/rejections"),
                Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) body.get("rejections")).singleElement().satisfies(rejection -> {
            assertThat(rejection).containsEntry("eventId", "why-2").containsEntry("eventType", "NumberResumed")
                    .containsEntry("code", "NOT_SUSPENDED");
            assertThat((String) rejection.get("reason")).contains("not suspended");
        });
    }

    @Test
    void anEventRefusedAtTheIntakeIsListedUnderItsNumbersRejectionsAndItsAnswerStillSaysWhy() {
        String number = "+61412345699";
        HttpResponse<Map> refused = post(event("intake-1", number, "TopUpMade", "2030-01-01T00:00:00Z",
                "\"currency\":\"AUD\",\"validUntil\":\"2030-02-01T00:00:00Z\""));

        assertThat(refused.code()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());
        assertThat((List<Map<String, Object>>) refused.body().get("results")).singleElement().satisfies(result ->
                assertThat(result).containsEntry("status", "REJECTED").containsEntry("code", "INVALID_EVENT"));
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                !((List<?>) http.toBlocking().retrieve(HttpRequest.GET("/numbers/61412345699/rejections"), Map.class)
                        .get("rejections")).isEmpty());
        Map<String, Object> body = http.toBlocking().retrieve(HttpRequest.GET("/numbers/61412345699/rejections"),
                Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) body.get("rejections")).singleElement().satisfies(rejection -> {
            assertThat(rejection).containsEntry("eventId", "intake-1").containsEntry("eventType", "TopUpMade")
                    .containsEntry("code", "INVALID_EVENT").containsEntry("origin", "http:POST /events");
            assertThat((String) rejection.get("reason")).contains("amountMinorUnits");
        });
        assertThat(readRejections("intake-1")).containsEntry("intake-1", "INVALID_EVENT");
    }

    private Map<String, String> readRejections(String... eventIds) {
        Map<String, Object> properties = kafka.common();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "rejections-reader");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
        List<RejectedEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, RejectedEvent> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                serdes.rejections().deserializer())) {
            consumer.subscribe(List.of(RegistryTopics.DEFAULT.rejected()));
            Awaitility.await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, RejectedEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(record.value());
                }
                return found.stream().map(RejectedEvent::getEventId).collect(Collectors.toSet())
                        .containsAll(List.of(eventIds));
            });
        }
        return found.stream().filter(r -> r.getEventId() != null)
                .collect(Collectors.toMap(RejectedEvent::getEventId, RejectedEvent::getReasonCode, (a, b) -> a));
    }

    @Test
    void anInvalidNumberInTheUrlIsABadRequestThatSaysWhy() {
        HttpClientResponseException error = catchThrowableOfType(
                () -> http.toBlocking().retrieve("/numbers/hello"), HttpClientResponseException.class);

        assertThat(error.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(error.getResponse().getContentType()).hasValueSatisfying(type ->
                assertThat(type.toString()).isEqualTo(Problem.MEDIA_TYPE));
        Map<String, Object> problem = error.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        assertThat(problem).containsEntry("status", 400).containsEntry("code", "INVALID_NUMBER");
        assertThat((String) problem.get("detail")).contains("not a phone number");
    }

    @Test
    void aNumberTheRegistryNeverSawIsNotFound() {
        // Any answer but 503 NOT_READY (the stores still opening) is the registry's verdict.
        HttpResponse<Map> answer = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/numbers/%2B4930123456"), response -> response.code() != 503);

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.getBody(Map.class).orElseThrow()).containsEntry("code", "UNKNOWN_NUMBER");
    }

    private HttpResponse<Map> get(String path) {
        return Exchanges.exchange(http, HttpRequest.GET(path), Map.class);
    }

    @Test
    void aCallerWhoAwaitsTheOutcomeLearnsWhatTheLifecycleMadeOfEachEvent() {
        String assigned = event("sync-1", "+4915112345678", "NumberAssigned", "2030-01-01T00:00:00Z",
                "\"subscriberRef\":\"s\",\"planType\":\"PREPAID\"");
        String resumedWithoutSuspension = event("sync-2", "+4915112345678", "NumberResumed", "2030-01-02T00:00:00Z", "");
        HttpResponse<Map> first = http.toBlocking().exchange(
                HttpRequest.POST("/events?await=true", "[" + assigned + "," + resumedWithoutSuspension + "]"), Map.class);

        assertThat(first.code()).isEqualTo(HttpStatus.OK.getCode());
        List<Map<String, Object>> results = (List<Map<String, Object>>) first.body().get("results");
        assertThat(results.get(0)).containsEntry("status", "ACCEPTED").containsEntry("outcome", "APPLIED");
        assertThat(results.get(1)).containsEntry("status", "ACCEPTED").containsEntry("outcome", "REJECTED")
                .containsEntry("code", "NOT_SUSPENDED");

        HttpResponse<Map> again = http.toBlocking().exchange(HttpRequest.POST("/events?await=true&timeout=20s",
                assigned), Map.class);
        assertThat((List<Map<String, Object>>) again.body().get("results")).singleElement()
                .satisfies(result -> assertThat(result).containsEntry("outcome", "REJECTED")
                        .containsEntry("code", "DUPLICATE_EVENT"));
    }

    @Test
    void opsSeeWhatComesDueSoonestFirstPageByPage() {
        String[] numbers = {"+33612345671", "+33612345672", "+33612345673"};
        String[] validities = {"2029-05-01T00:00:00Z", "2029-03-01T00:00:00Z", "2029-04-01T00:00:00Z"};
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < numbers.length; i++) {
            batch.append(i == 0 ? "" : ",").append(event("soon-" + i, numbers[i], "NumberAssigned",
                    "2029-01-01T00:00:00Z", "\"subscriberRef\":\"s\",\"planType\":\"PREPAID\",\"validUntil\":\""
                            + validities[i] + "\""));
        }
        http.toBlocking().exchange(HttpRequest.POST("/events?await=true", batch.append("]").toString()), Map.class);

        Map<String, Object> first = http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?state=ACTIVE&deadlineBefore=2029-12-31T00:00:00Z&limit=2"), Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) first.get("items")).extracting(item -> item.get("number"))
                .containsExactly("+33612345672", "+33612345673");
        assertThat((List<Map<String, Object>>) first.get("items")).first().satisfies(item -> assertThat(item)
                .containsEntry("status", "ACTIVE").containsEntry("deadlineKind", "VALIDITY_END")
                .containsEntry("deadline", "2029-03-01T00:00:00Z"));
        Map<String, Object> second = http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?state=ACTIVE&deadlineBefore=2029-12-31T00:00:00Z&limit=2&after=" + first.get("next")),
                Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) second.get("items")).extracting(item -> item.get("number"))
                .containsExactly("+33612345671");
        assertThat(second).doesNotContainKey("next");

        Map<String, Object> remindedOnly = http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?state=ACTIVE&deadlineBefore=2029-02-25T00:00:00Z"), Argument.mapOf(String.class, Object.class));
        assertThat(remindedOnly).as("a reminder falls before, the validity end after").containsEntry("items", List.of());

        Map<String, Object> quarantined = http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?state=QUARANTINED&deadlineBefore=2029-12-31T00:00:00Z"), Argument.mapOf(String.class, Object.class));
        assertThat(quarantined).containsEntry("items", List.of());
    }

    @Test
    void aListWithNothingInItIsSentAsAnEmptyArray() {
        String number = "+14155550188";
        http.toBlocking().exchange(HttpRequest.POST("/events?await=true", event("empty-1", number, "NumberAssigned",
                "2030-01-01T00:00:00Z", "\"subscriberRef\":\"s\",\"planType\":\"POSTPAID\"")), Map.class);

        assertThat(json("/numbers?deadlineBefore=1900-01-02T00:00:00Z")).contains("\"items\":[]");
        assertThat(json("/numbers/" + number)).contains("\"flags\":[]");
        assertThat(json("/numbers/" + number + "/rejections")).contains("\"rejections\":[]");
        assertThat(json("/internal/stores/" + RegistryStores.NUMBER_REJECTIONS + "/numbers/" + number))
                .isEqualTo("{\"records\":[]}");
    }

    /** The answer's JSON as it was sent. */
    private String json(String uri) {
        return http.toBlocking().retrieve(HttpRequest.GET(uri.replace("+", "%2B")), String.class);
    }

    @Test
    void theOpsListNeedsToKnowUntilWhen() {
        HttpClientResponseException error = catchThrowableOfType(
                () -> http.toBlocking().retrieve(HttpRequest.GET("/numbers?state=ACTIVE")), HttpClientResponseException.class);

        assertThat(error.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(error.getResponse().getBody(Map.class).orElseThrow()).containsEntry("code", "BAD_QUERY");
    }

    @Test
    void aCursorTheListDidNotGiveOutIsRefused() {
        String notAKey = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+33612345671".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpClientResponseException error = catchThrowableOfType(() -> http.toBlocking().retrieve(HttpRequest.GET(
                "/numbers?deadlineBefore=2029-12-31T00:00:00Z&after=" + notAKey)), HttpClientResponseException.class);

        assertThat(error.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(error.getResponse().getBody(Map.class).orElseThrow()).containsEntry("code", "BAD_QUERY");
    }

    @Test
    void aBatchTooLargeOrNotJsonIsRefusedWhole() {
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "{}").collect(Collectors.joining(",", "[", "]"));
        HttpResponse<Map> large = post(tooMany);
        assertThat(large.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(large.getBody(Map.class).orElseThrow()).containsEntry("code", "BAD_SUBMISSION");

        HttpResponse<Map> garbage = post("{not json");
        assertThat(garbage.code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
    }
}
