package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a careless or hostile client can send over HTTP: each is answered deliberately (never a
 * 500, never a 503 that invites sending the same again), and the registry goes on for everyone.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileIntakeTest implements EmbeddedRegistryTestProperties {

    @Inject
    @Client("/")
    HttpClient http;

    static String flagRaised(String eventId, String number, String note) {
        return """
                {"eventId":"%s","number":"%s","type":"FlagRaised","occurredAt":"2030-01-02T00:00:00Z",
                 "source":"billing","flagId":"%s","kind":"SPAM","severity":"HIGH","raisedBy":"desk","note":"%s"}"""
                .formatted(eventId, number, eventId, note);
    }

    static String assigned(String eventId, String number) {
        return """
                {"eventId":"%s","number":"%s","type":"NumberAssigned","occurredAt":"2030-01-01T00:00:00Z",
                 "source":"billing","subscriberRef":"s-1","planType":"POSTPAID"}""".formatted(eventId, number);
    }

    HttpResponse<Map<String, Object>> post(String path, String body) {
        try {
            return http.toBlocking().exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON),
                    Argument.mapOf(String.class, Object.class));
        } catch (HttpClientResponseException e) {
            return (HttpResponse<Map<String, Object>>) e.getResponse();
        }
    }

    private static List<Map<String, Object>> results(HttpResponse<Map<String, Object>> response) {
        return (List<Map<String, Object>>) response.getBody(Argument.mapOf(String.class, Object.class)).orElseThrow()
                .get("results");
    }

    private static Map<String, Object> problem(HttpResponse<?> response) {
        return response.getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
    }

    @Test
    void bodiesThatAreNotUtf8JsonOrThatStrainTheParserAreBadSubmissions() {
        byte[][] bodies = {
                assigned("u16", "+14155550106").getBytes(StandardCharsets.UTF_16BE),
                assigned("u32", "+14155550107").getBytes(Charset.forName("UTF-32LE")),
                {0x31, 0x00},
                {0x00, 0x7b, 0x00, 0x00},
                {(byte) 0xff, (byte) 0xfe, 0x7b, 0x00},
                "[".repeat(5_000).getBytes(StandardCharsets.UTF_8),
                ("{\"amountMinorUnits\":" + "9".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8)};
        for (byte[] body : bodies) {
            HttpResponse<Map<String, Object>> response;
            try {
                response = http.toBlocking().exchange(HttpRequest.POST("/events", body)
                        .contentType(MediaType.APPLICATION_JSON), Argument.mapOf(String.class, Object.class));
            } catch (HttpClientResponseException e) {
                response = (HttpResponse<Map<String, Object>>) e.getResponse();
            }

            assertThat(response.code()).as(new String(body, 0, Math.min(body.length, 40), StandardCharsets.ISO_8859_1))
                    .isEqualTo(400);
            assertThat(problem(response)).containsEntry("code", "BAD_SUBMISSION");
        }
    }

    @Test
    void notesOverTheirLimitAreRefusedPerEventAndTheRegistryGoesOn() {
        post("/events?await=true", assigned("big-0", "+14155550101"));
        String note = "n".repeat(600_000);

        HttpResponse<Map<String, Object>> refused = post("/events?await=true",
                "[" + flagRaised("big-1", "+14155550101", note) + "," + flagRaised("big-2", "+14155550101", note) + "]");

        assertThat(refused.code()).isEqualTo(422);
        assertThat(results(refused)).hasSize(2).allSatisfy(result -> assertThat(result)
                .containsEntry("status", "REJECTED").containsEntry("code", "INVALID_EVENT")
                .containsEntry("reason", "note is 600000 characters long; at most 1000 are allowed"));
        HttpResponse<Map<String, Object>> next = post("/events?await=true", flagRaised("small-1", "+14155550101", "ok"));
        assertThat(results(next)).singleElement().satisfies(result -> assertThat(result)
                .containsEntry("outcome", "APPLIED"));
    }

    @Test
    void aBodyLargerThanTheServerTakesIs413AndNotAnInvitationToRetry() {
        String huge = flagRaised("huge-1", "+14155550102", "n".repeat(9 * 1024 * 1024));

        HttpResponse<Map<String, Object>> response = post("/events", huge);

        assertThat(response.code()).isEqualTo(413);
        assertThat(response.getHeaders().contains("Retry-After")).isFalse();
    }

    @Test
    void aBodyOfTwoJsonValuesIsRefusedWholeInsteadOfTakingTheFirst() {
        HttpResponse<Map<String, Object>> response = post("/events",
                "[" + assigned("two-1", "+14155550103") + "][" + assigned("two-2", "+14155550104") + "]");

        assertThat(response.code()).isEqualTo(400);
        assertThat(problem(response)).containsEntry("code", "BAD_SUBMISSION");
        assertThat((String) problem(response).get("detail")).startsWith("the body holds more than one JSON value");
    }

    @Test
    void aFieldNamedTwiceIsRefusedWhole() {
        String twice = assigned("dup-field", "+14155550105").replace("\"planType\":\"POSTPAID\"",
                "\"planType\":\"POSTPAID\",\"planType\":\"PREPAID\"");

        HttpResponse<Map<String, Object>> response = post("/events", twice);

        assertThat(response.code()).isEqualTo(400);
        assertThat((String) problem(response).get("detail")).contains("the field 'planType' is named twice");
    }

    @Test
    void instantsBeyondWhatTheRegistryKeepsAreBadQueriesNotServerErrors() {
        for (String instant : List.of("-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
                "%2B999999999-12-31T23:59:59Z")) {
            HttpClientResponseException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> http.toBlocking().retrieve(HttpRequest.GET("/numbers?deadlineBefore=" + instant)),
                    HttpClientResponseException.class);

            assertThat(error.code()).as(instant).isEqualTo(400);
        }
    }
}
