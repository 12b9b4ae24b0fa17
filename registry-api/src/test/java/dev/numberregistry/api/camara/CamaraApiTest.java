package dev.numberregistry.api.camara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The CAMARA endpoints end to end, with development tokens of the embedded default. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamaraApiTest implements EmbeddedRegistryTestProperties {

    /** User A signed on 2023-10-09 and still holds it (the contract's scenario 1). */
    private static final String KEPT = "+4930123456";
    /** User A signed on 2023-10-09, cancelled on 2024-02-25; user B got it on 2024-06-01 (scenario 2). */
    private static final String RECYCLED = "+49301234567";
    /** Recycled, then recovered by its previous holder before anyone else got it. */
    private static final String RECOVERED = "+493012345678";
    /** User E signed on 2023-10-09 and still holds it; a London number. */
    private static final String LONDON = "+442079460958";
    /** Held since 2015 by the same subscriber, imported yesterday with the carrier's knowledge from 2015 on. */
    private static final String IMPORTED = "+4930987654";
    /** Imported three hours ago, the carrier's knowledge of it (SIM changes included) beginning then. */
    private static final String IMPORTED_UNKNOWN_PAST = "+4930987655";
    /** User G signed on 2023-10-09 and took the number to another carrier on 2024-03-01. */
    private static final String PORTED_OUT = "+4930987656";
    /** User H signed on 2023-10-09, took the number to another carrier, and brought it back. */
    private static final String PORTED_BACK = "+4930987657";
    /** User I signed on 2023-10-09 and ported it out; user J brought it in from that carrier on 2024-06-01. */
    private static final String PORTED_IN_BY_ANOTHER = "+4930987658";
    /** Moved to a new SIM two hours ago. */
    private static final String SWAPPED = "+4915112345678";

    @Inject
    @Client("/")
    HttpClient http;

    private String token;
    private final Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    private final Instant threeHoursAgo = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    private record Reply(int status, Map<String, Object> body, String correlator) {
    }

    private Reply post(String path, String json, String bearer) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, json).header("x-correlator", "test-42");
        if (bearer != null) {
            request.bearerAuth(bearer);
        }
        try {
            HttpResponse<Map> response = http.toBlocking().exchange(request, Map.class);
            return new Reply(response.code(), response.body(), response.getHeaders().get("x-correlator"));
        } catch (HttpClientResponseException e) {
            return new Reply(e.code(), e.getResponse().getBody(Map.class).orElse(null),
                    e.getResponse().getHeaders().get("x-correlator"));
        }
    }

    private static String event(String id, String number, String type, String occurredAt, String fields) {
        return """
                {"eventId":"%s","number":"%s","type":"%s","occurredAt":"%s","source":"billing"%s}"""
                .formatted(id, number, type, occurredAt, fields.isEmpty() ? "" : "," + fields);
    }

    private static String assigned(String id, String number, String subscriber, String day) {
        return event(id, number, "NumberAssigned", day + "T10:00:00Z",
                "\"subscriberRef\":\"" + subscriber + "\",\"planType\":\"POSTPAID\"");
    }

    private static String imported(String id, String number, Instant asOf, String coveredFrom) {
        return event(id, number, "NumberImported", asOf.truncatedTo(ChronoUnit.MILLIS).toString(), """
                "status":"ACTIVE","coveredFrom":"%s",
                "holder":{"subscriberRef":"user-f","planType":"POSTPAID","tenureStart":"2015-03-01T00:00:00Z"}"""
                .formatted(coveredFrom));
    }

    private static String portedIn(String subscriber, String tenureStart) {
        return "\"subscriberRef\":\"" + subscriber + "\",\"planType\":\"POSTPAID\",\"tenureStart\":\"" + tenureStart
                + "\"";
    }

    @BeforeAll
    void recordTheStories() {
        Reply minted = post("/dev/tokens", """
                {"subject":"bank-a","scopes":["number-recycling:check","sim-swap"],"validFor":"PT1H"}""", null);
        assertThat(minted.status()).isEqualTo(200);
        token = (String) minted.body().get("access_token");

        String stories = String.join(",",
                assigned("k-1", KEPT, "user-a", "2023-10-09"),
                assigned("l-1", LONDON, "user-e", "2023-10-09"),
                assigned("r-1", RECYCLED, "user-a", "2023-10-09"),
                event("r-2", RECYCLED, "CancellationRequested", "2024-02-20T10:00:00Z", ""),
                event("r-3", RECYCLED, "CancellationCompleted", "2024-02-25T10:00:00Z", ""),
                event("r-4", RECYCLED, "NumberRecycled", "2024-02-26T10:00:00Z", ""),
                event("r-5", RECYCLED, "NumberReassigned", "2024-06-01T10:00:00Z",
                        "\"subscriberRef\":\"user-b\",\"planType\":\"PREPAID\""),
                assigned("v-1", RECOVERED, "user-c", "2023-01-01"),
                event("v-2", RECOVERED, "NumberSuspended", "2024-01-10T10:00:00Z", "\"reason\":\"ARREARS\""),
                event("v-3", RECOVERED, "NumberRecycled", "2024-02-01T10:00:00Z", ""),
                event("v-4", RECOVERED, "NumberRecovered", "2024-02-10T10:00:00Z", "\"subscriberRef\":\"user-c\""),
                assigned("s-1", SWAPPED, "user-d", "2022-05-05"),
                event("s-2", SWAPPED, "SimChanged", twoHoursAgo.toString(), "\"note\":\"new phone\""),
                imported("i-1", IMPORTED, Instant.now().minus(1, ChronoUnit.DAYS), "2015-03-01T00:00:00Z"),
                imported("i-2", IMPORTED_UNKNOWN_PAST, threeHoursAgo, threeHoursAgo.toString()),
                assigned("p-1", PORTED_OUT, "user-g", "2023-10-09"),
                event("p-2", PORTED_OUT, "PortedOut", "2024-03-01T10:00:00Z", "\"recipient\":\"other-carrier\""),
                assigned("p-3", PORTED_BACK, "user-h", "2023-10-09"),
                event("p-4", PORTED_BACK, "PortedOut", "2024-03-01T10:00:00Z", ""),
                event("p-5", PORTED_BACK, "PortedIn", "2024-06-01T10:00:00Z",
                        portedIn("user-h", "2024-03-01T10:00:00Z")),
                assigned("p-6", PORTED_IN_BY_ANOTHER, "user-i", "2023-10-09"),
                event("p-7", PORTED_IN_BY_ANOTHER, "PortedOut", "2024-03-01T10:00:00Z", ""),
                event("p-8", PORTED_IN_BY_ANOTHER, "PortedIn", "2024-06-01T10:00:00Z",
                        portedIn("user-j", "2024-04-01T10:00:00Z")));
        Reply recorded = post("/events?await=true", "[" + stories + "]", null);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) recorded.body().get("results"))
                .allSatisfy(result -> assertThat(result).containsEntry("outcome", "APPLIED"));
    }

    private Reply recyclingCheck(String number, String date) {
        return post("/number-recycling/v0.2/check",
                "{\"phoneNumber\":\"" + number + "\",\"specifiedDate\":\"" + date + "\"}", token);
    }

    @Nested
    class NumberRecycling {

        @Test
        void theHolderOnTheDateStillHoldsTheNumber() {
            Reply reply = recyclingCheck(KEPT, "2023-12-22");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo(Map.of("phoneNumberRecycled", false));
            assertThat(reply.correlator()).isEqualTo("test-42");
        }

        @Test
        void theDayTheContractBeganIsNoChange() {
            assertThat(recyclingCheck(KEPT, "2023-10-09").body()).containsEntry("phoneNumberRecycled", false);
        }

        @Test
        void aDateBeforeTheRegistryFirstSawTheNumberIsOutOfRangeNotAConfidentAnswer() {
            Reply single = recyclingCheck(KEPT, "2023-10-08");
            Reply batch = post("/number-recycling/v0.2/check-batch", """
                    {"checks":[{"phoneNumber":"%s","specifiedDate":"2023-10-08"},
                               {"phoneNumber":"%s","specifiedDate":"2023-10-09"}]}""".formatted(KEPT, KEPT), token);

            assertError(single, 400, "OUT_OF_RANGE");
            assertThat((String) single.body().get("message")).isEqualTo("specifiedDate 2023-10-08 is before "
                    + "2023-10-09, the first day the registry can answer for this number.");
            assertThat((List<Map<String, Object>>) batch.body().get("results"))
                    .extracting(result -> result.get("result")).containsExactly("NO_DATA", "NOT_RECYCLED");
        }

        @Test
        void aNumberThatChangedHandsSinceTheDate() {
            assertThat(recyclingCheck(RECYCLED, "2023-12-22").body()).containsEntry("phoneNumberRecycled", true);
            assertThat(recyclingCheck(RECYCLED, "2024-04-01").body()).as("nobody held it then")
                    .containsEntry("phoneNumberRecycled", true);
            assertThat(recyclingCheck(RECYCLED, "2024-06-01").body()).as("user B's first day")
                    .containsEntry("phoneNumberRecycled", false);
        }

        @Test
        void aRecoveryUndoesTheRecyclingAndASuspensionChangesNothing() {
            assertThat(recyclingCheck(RECOVERED, "2023-06-01").body()).containsEntry("phoneNumberRecycled", false);
        }

        @Test
        void aNumberWrittenWithItsTrunkPrefixIsStillTheSameNumber() {
            assertThat(recyclingCheck("+4402079460958", "2023-12-22").body())
                    .containsEntry("phoneNumberRecycled", false);
        }

        @Test
        void theContractsErrors() {
            assertError(recyclingCheck("+33699999999", "2024-01-01"), 404, "IDENTIFIER_NOT_FOUND");
            assertError(recyclingCheck("+4420794609580", "2024-01-01"), 400, "INVALID_ARGUMENT");
            assertError(recyclingCheck(KEPT, LocalDate.now(ZoneOffset.UTC).plusDays(2).toString()), 400, "OUT_OF_RANGE");
            assertError(recyclingCheck(KEPT, "22/12/2023"), 400, "INVALID_ARGUMENT");
            assertError(recyclingCheck("0049301234567", "2024-01-01"), 400, "INVALID_ARGUMENT");
            assertError(post("/number-recycling/v0.2/check", "{\"specifiedDate\":\"2024-01-01\"}", token),
                    422, "MISSING_IDENTIFIER");
            assertError(post("/number-recycling/v0.2/check", "{not json", token), 400, "INVALID_ARGUMENT");
        }

        @Test
        void aBankReverifiesItsCustomersInOneBatch() {
            Reply reply = post("/number-recycling/v0.2/check-batch", """
                    {"checks":[
                      {"phoneNumber":"%s","specifiedDate":"2023-12-22"},
                      {"phoneNumber":"%s","specifiedDate":"2023-12-22"},
                      {"phoneNumber":"+33699999999","specifiedDate":"2023-12-22"},
                      {"phoneNumber":"%s","specifiedDate":"2999-01-01"},
                      {"phoneNumber":"+4402079460958","specifiedDate":"2023-12-22"},
                      {"phoneNumber":"+4420794609580","specifiedDate":"2023-12-22"}]}""".formatted(KEPT, RECYCLED, KEPT),
                    token);

            assertThat(reply.status()).isEqualTo(200);
            assertThat((List<Map<String, Object>>) reply.body().get("results")).extracting(r -> r.get("result"))
                    .containsExactly("NOT_RECYCLED", "RECYCLED", "NO_DATA", "INVALID", "NOT_RECYCLED", "INVALID");
        }

        @Test
        void aBatchOfMoreThanAThousandIsRefused() {
            String checks = String.join(",", java.util.Collections.nCopies(1001,
                    "{\"phoneNumber\":\"" + KEPT + "\",\"specifiedDate\":\"2024-01-01\"}"));
            assertError(post("/number-recycling/v0.2/check-batch", "{\"checks\":[" + checks + "]}", token),
                    400, "INVALID_ARGUMENT");
        }
    }

    @Nested
    class SimSwap {

        @Test
        void aSwapWithinTheMaxAgeIsReported() {
            Reply within = post("/sim-swap/v2/check", "{\"phoneNumber\":\"" + SWAPPED + "\",\"maxAge\":24}", token);
            Reply outside = post("/sim-swap/v2/check", "{\"phoneNumber\":\"" + SWAPPED + "\",\"maxAge\":1}", token);

            assertThat(within.body()).isEqualTo(Map.of("swapped", true));
            assertThat(outside.body()).isEqualTo(Map.of("swapped", false));
        }

        @Test
        void theDateOfTheLatestSimChange() {
            Reply reply = post("/sim-swap/v2/retrieve-date", "{\"phoneNumber\":\"" + SWAPPED + "\"}", token);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(Instant.parse((String) reply.body().get("latestSimChange"))).isEqualTo(twoHoursAgo);
        }

        @Test
        void theContractsErrors() {
            assertError(post("/sim-swap/v2/check", "{\"phoneNumber\":\"" + SWAPPED + "\",\"maxAge\":2401}", token),
                    400, "OUT_OF_RANGE");
            assertError(post("/sim-swap/v2/check", "{\"maxAge\":24}", token), 422, "MISSING_IDENTIFIER");
            assertError(post("/sim-swap/v2/retrieve-date", "{\"phoneNumber\":\"+33699999999\"}", token),
                    404, "IDENTIFIER_NOT_FOUND");
        }
    }

    @Nested
    class PortedNumbers {

        @Test
        void aNumberServedByAnotherOperatorIsNotFoundAsTheContractsExampleSays() {
            Reply batch = post("/number-recycling/v0.2/check-batch", """
                    {"checks":[{"phoneNumber":"%s","specifiedDate":"2023-12-22"}]}""".formatted(PORTED_OUT), token);

            assertError(recyclingCheck(PORTED_OUT, "2023-12-22"), 404, "IDENTIFIER_NOT_FOUND");
            assertError(post("/sim-swap/v2/check", "{\"phoneNumber\":\"" + PORTED_OUT + "\"}", token), 404,
                    "IDENTIFIER_NOT_FOUND");
            assertThat((List<Map<String, Object>>) batch.body().get("results"))
                    .extracting(result -> result.get("result")).containsExactly("NO_DATA");
        }

        @Test
        void aPortOutAndBackBySameHolderIsNoChangeOfHandsButBySomeoneElseItIs() {
            assertThat(recyclingCheck(PORTED_BACK, "2023-12-22").body()).containsEntry("phoneNumberRecycled", false);
            assertThat(recyclingCheck(PORTED_IN_BY_ANOTHER, "2023-12-22").body())
                    .containsEntry("phoneNumberRecycled", true);
            assertThat(recyclingCheck(PORTED_IN_BY_ANOTHER, "2024-05-01").body()).as("user J's tenure began elsewhere")
                    .containsEntry("phoneNumberRecycled", false);
        }
    }

    @Nested
    class ImportedNumbers {

        @Test
        void answerForTheWholeTenureTheCarrierKnewOfAndNotBefore() {
            assertThat(recyclingCheck(IMPORTED, "2019-01-01").body()).containsEntry("phoneNumberRecycled", false);
            assertThat(recyclingCheck(IMPORTED, "2015-03-01").body()).containsEntry("phoneNumberRecycled", false);
            Reply before = recyclingCheck(IMPORTED, "2015-02-28");

            assertError(before, 400, "OUT_OF_RANGE");
            assertThat((String) before.body().get("message")).contains("2015-03-01");
        }

        @Test
        void answerForSimChangesFromTheirCoverageOnAndSayWhenTheyCannot() {
            Reply sinceTwoHours = post("/sim-swap/v2/check",
                    "{\"phoneNumber\":\"" + IMPORTED_UNKNOWN_PAST + "\",\"maxAge\":2}", token);
            Reply sinceADay = post("/sim-swap/v2/check",
                    "{\"phoneNumber\":\"" + IMPORTED_UNKNOWN_PAST + "\",\"maxAge\":24}", token);
            Reply latest = post("/sim-swap/v2/retrieve-date", "{\"phoneNumber\":\"" + IMPORTED_UNKNOWN_PAST + "\"}",
                    token);
            Reply coveredSince2015 = post("/sim-swap/v2/check",
                    "{\"phoneNumber\":\"" + IMPORTED + "\",\"maxAge\":2400}", token);

            assertThat(sinceTwoHours.body()).isEqualTo(Map.of("swapped", false));
            assertError(sinceADay, 400, "OUT_OF_RANGE");
            assertThat((String) sinceADay.body().get("message")).contains(threeHoursAgo.toString());
            assertThat(latest.body()).containsEntry("latestSimChange", null).containsEntry("monitoredPeriod", 0);
            assertThat(coveredSince2015.body()).isEqualTo(Map.of("swapped", false));
        }
    }

    private static void assertError(Reply reply, int status, String code) {
        assertThat(reply.status()).as("status").isEqualTo(status);
        assertThat(reply.body()).containsEntry("status", status).containsEntry("code", code);
        assertThat((String) reply.body().get("message")).isNotBlank();
    }
}
