package dev.numberregistry.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.FreePorts;
import dev.numberregistry.api.JsonBodies;
import dev.numberregistry.api.kafka.KafkaCluster;
import dev.numberregistry.api.security.TestCredentials;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit trail of the CAMARA requests, end to end on the embedded registry: banks ask, and ops
 * learn from the trail who asked about a number and what they were told, and what a bank asked
 * today, with the answers and correlators; only with the audit scope.
 */
@MicronautTest(environments = TestCredentials.EXPLICIT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest implements EmbeddedRegistryTestProperties {

    private static final String CHECK = "/number-recycling/v0.2/check";
    private static final String BATCH = "/number-recycling/v0.2/check-batch";
    private static final String SIM_SWAP = "/sim-swap/v2/check";
    /** Held by the same subscriber since 2024-01-10. */
    private static final String HELD = "+14155550190";
    /** Held from 2024-01-10 until it was cancelled on 2024-05-31. */
    private static final String CANCELLED = "+14155550191";
    private static final String UNKNOWN = "+14155550199";
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaCluster kafka;

    private String auditor;

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.audit.retention", "30d",
                // A sink on this machine, which the subscriptions refuse unless told otherwise.
                "registry.subscriptions.sinks.allow-http", "true",
                "registry.subscriptions.sinks.allowed-networks", "127.0.0.0/8");
    }

    @BeforeAll
    void numbersWithAStory() {
        Exchanges.awaitReady(http);
        auditor = token("auditor", "registry:audit:read");
        String billing = token("billing", "registry:events:write");
        HttpResponse<String> posted = Exchanges.exchange(http, HttpRequest.POST("/events?await=true", """
                [{"eventId":"audit-1","number":"%s","type":"NumberAssigned","occurredAt":"2024-01-10T09:00:00Z",
                  "source":"billing","subscriberRef":"sub-1","planType":"POSTPAID"},
                 {"eventId":"audit-2","number":"%s","type":"NumberAssigned","occurredAt":"2024-01-10T09:00:00Z",
                  "source":"billing","subscriberRef":"sub-2","planType":"POSTPAID"},
                 {"eventId":"audit-3","number":"%s","type":"CancellationRequested","occurredAt":"2024-05-01T09:00:00Z",
                  "source":"billing"},
                 {"eventId":"audit-4","number":"%s","type":"CancellationCompleted","occurredAt":"2024-05-31T09:00:00Z",
                  "source":"billing"}]""".formatted(HELD, CANCELLED, CANCELLED, CANCELLED))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + billing), String.class);
        assertThat(posted.code()).as(posted.body()).isEqualTo(200);
        assertThat(posted.body()).doesNotContain("REJECTED");
    }

    private String token(String subject, String... scopes) {
        HttpResponse<String> minted = Exchanges.exchange(http, HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"" + subject + "\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}"), String.class);
        return (String) JsonBodies.object(minted.body()).get("access_token");
    }

    private HttpResponse<String> ask(String path, String body, String token, String correlator) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, body).header(HttpHeaders.AUTHORIZATION,
                "Bearer " + token);
        if (correlator != null) {
            request.header("x-correlator", correlator);
        }
        return Exchanges.exchange(http, request, String.class);
    }

    private HttpResponse<String> get(String path, String token) {
        MutableHttpRequest<Object> request = HttpRequest.GET(path.replace("+", "%2B"));
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return Exchanges.exchange(http, request, String.class);
    }

    /** The records the trail answers, once it holds {@code count} of them (it is indexed a commit after the answer). */
    private List<Map<String, Object>> awaitRecords(String path, int count) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> answer = get(path, auditor);
            assertThat(answer.code()).as(answer.body()).isIn(200, 503);
            return answer.code() == 200 ? records(answer) : List.<Map<String, Object>>of();
        }, records -> records.size() >= count);
    }

    /** Those of the records that {@code clients} asked, once there are {@code count}: other tests' banks ask about these numbers too. */
    private List<Map<String, Object>> awaitRecords(String path, List<String> clients, int count) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> answer = get(path, auditor);
            assertThat(answer.code()).as(answer.body()).isIn(200, 503);
            return answer.code() == 200 ? records(answer).stream()
                    .filter(record -> clients.contains(record.get("client"))).toList() : List.<Map<String, Object>>of();
        }, records -> records.size() >= count);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(HttpResponse<String> answer) {
        return (List<Map<String, Object>>) JsonBodies.object(answer.body()).get("records");
    }

    @Test
    void aNumberShowsWhoAskedAboutItAndWhatEachWasToldErrorsIncluded() {
        String bankA = token("bank-a", "number-recycling:check");
        String bankB = token("bank-b", "number-recycling:check");

        assertThat(ask(CHECK, "{\"phoneNumber\":\"" + HELD + "\",\"specifiedDate\":\"2024-03-01\"}", bankA, "a-1")
                .body()).isEqualTo("{\"phoneNumberRecycled\":false}");
        assertThat(ask(CHECK, "{\"phoneNumber\":\"" + HELD + "\",\"specifiedDate\":\"2023-03-01\"}", bankB, "b-1")
                .code()).isEqualTo(400);

        List<Map<String, Object>> asked = awaitRecords("/audit/numbers/" + HELD, List.of("bank-a", "bank-b"), 2);

        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).containsEntry("client", "bank-a").containsEntry("operation", "POST " + CHECK)
                .containsEntry("numbers", List.of(HELD)).containsEntry("status", 200)
                .containsEntry("answer", Map.of("phoneNumberRecycled", false)).containsEntry("correlator", "a-1")
                .containsKey("at");
        assertThat(asked.get(1)).containsEntry("client", "bank-b").containsEntry("status", 400)
                .containsEntry("correlator", "b-1");
        assertThat((Map<String, Object>) asked.get(1).get("answer")).containsEntry("code", "OUT_OF_RANGE");
    }

    @Test
    void aBatchShowsUnderEachNumberWithThatNumbersResultAndWholeUnderItsClient() {
        String bankC = token("bank-c", "number-recycling:check");
        HttpResponse<String> batch = ask(BATCH, """
                {"checks":[{"phoneNumber":"%s","specifiedDate":"2024-03-01"},{"phoneNumber":"%s","specifiedDate":"2024-03-01"},
                {"phoneNumber":"%s","specifiedDate":"2024-03-01"}]}""".formatted(HELD, CANCELLED, UNKNOWN), bankC, "c-1");
        assertThat(batch.code()).isEqualTo(200);

        List<Map<String, Object>> aboutCancelled = awaitRecords("/audit/numbers/" + CANCELLED, List.of("bank-c"), 1);
        assertThat(aboutCancelled).singleElement().satisfies(record -> {
            assertThat(record).containsEntry("client", "bank-c").containsEntry("operation", "POST " + BATCH)
                    .containsEntry("numbers", List.of(CANCELLED)).containsEntry("correlator", "c-1");
            assertThat(record.get("answer")).isEqualTo(Map.of("results", List.of(Map.of("phoneNumber", CANCELLED,
                    "specifiedDate", "2024-03-01", "result", "RECYCLED"))));
        });
        assertThat(awaitRecords("/audit/numbers/" + UNKNOWN, List.of("bank-c"), 1).get(0).get("answer").toString())
                .contains("NO_DATA");
        List<Map<String, Object>> day = awaitRecords("/audit/clients/bank-c", 1);
        assertThat(day).singleElement().satisfies(record -> {
            assertThat(record).containsEntry("numbers", List.of(HELD, CANCELLED, UNKNOWN));
            assertThat(JsonBodies.object(batch.body())).isEqualTo(record.get("answer"));
        });
    }

    @Test
    void aClientsDayShowsEveryOperationItAskedAndPagesThroughThem() {
        String bankD = token("bank-d", "number-recycling:check", "sim-swap");
        ask(CHECK, "{\"phoneNumber\":\"" + UNKNOWN + "\",\"specifiedDate\":\"2024-03-01\"}", bankD, "d-1");
        ask(SIM_SWAP, "{\"phoneNumber\":\"" + HELD + "\",\"maxAge\":240}", bankD, null);
        ask(CHECK, "not json", bankD, "d-3");

        List<Map<String, Object>> day = awaitRecords("/audit/clients/bank-d", 3);

        assertThat(day).extracting(r -> r.get("operation") + " " + r.get("status") + " " + r.get("numbers"))
                .containsExactly("POST " + CHECK + " 404 [" + UNKNOWN + "]", "POST " + SIM_SWAP + " 200 [" + HELD + "]",
                        "POST " + CHECK + " 400 []");
        assertThat(day.get(1)).doesNotContainKey("correlator");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> firstPage = get("/audit/clients/bank-d?date=" + today + "&limit=2", auditor);
        assertThat(records(firstPage)).hasSize(2);
        assertThat(JsonBodies.object(firstPage.body())).containsEntry("next", 2).containsEntry("date", today);
        HttpResponse<String> lastPage = get("/audit/clients/bank-d?limit=2&offset=2", auditor);
        assertThat(records(lastPage)).extracting(r -> r.get("correlator")).containsExactly("d-3");
        assertThat(JsonBodies.object(lastPage.body())).doesNotContainKey("next");
        assertThat(records(get("/audit/clients/bank-d?date=" + LocalDate.now(ZoneOffset.UTC).minusDays(1), auditor)))
                .isEmpty();
    }

    /** More than Kafka's default 1 MB once written: the record must be taken and indexed all the same. */
    @Test
    void aRequestNamingEightyThousandNumbersIsRecordedWithEveryOne() {
        String bankF = token("bank-f", "number-recycling:check");
        List<String> numbers = IntStream.range(0, 80_000).mapToObj(i -> String.format("+447700%06d", i)).toList();
        String checks = numbers.stream().map(number -> "{\"phoneNumber\":\"" + number + "\",\"specifiedDate\":\"2024-03-01\"}")
                .collect(Collectors.joining(",", "{\"checks\":[", "]}"));

        HttpResponse<String> refused = ask(BATCH, checks, bankF, "f-1");

        assertThat(refused.code()).as("more than a batch may hold").isEqualTo(400);
        List<Map<String, Object>> day = awaitRecords("/audit/clients/bank-f", 1);
        assertThat(day).singleElement().satisfies(record -> {
            assertThat(record).containsEntry("numbers", numbers).containsEntry("status", 400);
            assertThat(record.get("answer").toString()).contains("INVALID_ARGUMENT", "80000 checks");
        });
        assertThat(awaitRecords("/audit/numbers/" + numbers.get(79_999), List.of("bank-f"), 1)).singleElement()
                .satisfies(record -> assertThat(record).containsEntry("numbers", List.of(numbers.get(79_999))));
    }

    /** The subscriptions tell the trail nothing: what their requests name is read from their bodies. */
    @Test
    void everySubscriptionChangeIsRecordedWithTheNumbersItNamesAndNoSecret() {
        String bankG = token("bank-g", "number-recycling:subscriptions:write");
        String subscriptions = "/number-recycling/v0.2/subscriptions";
        String verified = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        HttpResponse<String> created = ask(subscriptions, """
                {"protocol":"HTTP","sink":"http://127.0.0.1:%d/hook","types":["dev.numberregistry.number-recycling.v0.number-recycled"],
                 "sinkCredential":{"credentialType":"HMAC","secret":"the-sinks-secret-never-in-the-trail"},
                 "config":{"subscriptionDetail":{"phoneNumber":"%s","lastVerified":"%s"}}}"""
                .formatted(FreePorts.freePort(), HELD, verified), bankG, "g-1");
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        String id = (String) JsonBodies.object(created.body()).get("id");
        assertThat(ask(subscriptions + "/" + id + "/watchlist", """
                {"numbers":[{"phoneNumber":"%s","lastVerified":"%s"},{"phoneNumber":"%s","lastVerified":"%s"}]}"""
                .formatted(CANCELLED, verified, UNKNOWN, verified), bankG, "g-2").code()).isEqualTo(200);
        assertThat(ask(subscriptions + "/" + id + "/watchlist/removals", """
                {"phoneNumbers":["%s"]}""".formatted(UNKNOWN), bankG, "g-3").code()).isEqualTo(200);
        HttpResponse<String> deleted = Exchanges.exchange(http, HttpRequest.DELETE(subscriptions + "/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bankG).header("x-correlator", "g-4"), String.class);
        assertThat(deleted.code()).isIn(200, 202, 204);

        List<Map<String, Object>> day = awaitRecords("/audit/clients/bank-g", 4);

        assertThat(day).extracting(r -> r.get("operation") + " " + r.get("numbers") + " " + r.get("correlator"))
                .containsExactly("POST " + subscriptions + " [" + HELD + "] g-1",
                        "POST " + subscriptions + "/{subscriptionId}/watchlist [" + CANCELLED + ", " + UNKNOWN + "] g-2",
                        "POST " + subscriptions + "/{subscriptionId}/watchlist/removals [" + UNKNOWN + "] g-3",
                        "DELETE " + subscriptions + "/{subscriptionId} [] g-4");
        assertThat(day.get(0)).containsEntry("status", 201);
        assertThat(day.get(0).get("answer").toString()).contains(id);
        assertThat(day.toString()).doesNotContain("the-sinks-secret-never-in-the-trail");
        assertThat(awaitRecords("/audit/numbers/" + UNKNOWN, List.of("bank-g"), 2)).extracting(r -> r.get("correlator"))
                .containsExactly("g-2", "g-3");
    }

    @Test
    void aRequestRefusedForItsTokenReachedNoOperationAndIsNotRecorded() {
        String simSwapOnly = token("bank-e", "sim-swap");
        assertThat(ask(CHECK, "{\"phoneNumber\":\"" + HELD + "\",\"specifiedDate\":\"2024-03-01\"}", simSwapOnly, "e-1")
                .code()).isEqualTo(403);
        ask(SIM_SWAP, "{\"phoneNumber\":\"" + CANCELLED + "\"}", simSwapOnly, "e-2");

        assertThat(awaitRecords("/audit/clients/bank-e", 1)).extracting(r -> r.get("correlator"))
                .containsExactly("e-2");
    }

    @Test
    void nothingOfTheTrailShowsWithoutTheAuditScope() {
        String ops = token("ops", "registry:read");
        String bank = token("bank-a", "number-recycling:check", "sim-swap");
        for (String path : List.of("/audit/numbers/" + HELD, "/audit/clients/bank-a")) {
            assertThat(get(path, null).code()).as(path).isEqualTo(401);
            for (String token : List.of(ops, bank)) {
                HttpResponse<String> refused = get(path, token);
                assertThat(refused.code()).as(path).isEqualTo(403);
                assertThat(refused.body()).contains("FORBIDDEN", "registry:audit:read").doesNotContain("bank-");
            }
        }
    }

    @Test
    void aBadQueryIsAProblem() {
        HttpResponse<String> backwards = get("/audit/numbers/" + HELD + "?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z",
                auditor);
        assertThat(backwards.code()).isEqualTo(400);
        assertThat(backwards.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(JsonBodies.object(backwards.body())).containsEntry("code", "BAD_QUERY");
        assertThat(get("/audit/numbers/hello", auditor).code()).isEqualTo(400);
        assertThat(get("/audit/clients/bank-a?limit=0", auditor).code()).isEqualTo(400);
    }

    @Test
    void theTrailsTopicsKeepTheirRecordsForTheConfiguredRetention() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            for (String topic : List.of("registry-audit", "registry-audit-by-number")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(topic)
                        .isEqualTo(Long.toString(RETENTION.toMillis()));
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(topic).isEqualTo("delete");
            }
        }
    }
}
