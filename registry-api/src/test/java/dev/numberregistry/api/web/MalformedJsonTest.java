package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint that takes JSON, sent bodies that are not JSON or not of the shape it reads:
 * each answer says in the caller's terms what is wrong and where (a line and column, or the
 * field), in the endpoint's own error shape, and names nothing of how the registry is built.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedJsonTest implements EmbeddedRegistryTestProperties {

    /** What a caller must never read: the parser's or the registry's insides. */
    static final Pattern INTERNALS = Pattern.compile(
            "com\\.fasterxml|jackson|\\bat [a-z]+\\.|Source: |java\\.|dev\\.numberregistry|io\\.micronaut|"
                    + "StreamRead|JsonRead|JsonToken|VALUE_[A-Z]|START_|END_[A-Z]|Exception|\\bclass\\b|\\[Source|"
                    + "argument \\[|REDACTED",
            Pattern.CASE_INSENSITIVE);

    /** Not JSON at all: each answer points at a line and a column. */
    private static final List<String> NOT_JSON = List.of(
            "{\"eventId\": }",
            "[1,",
            "{\"a\":1}{\"b\":2}",
            "{",
            "}",
            "[",
            "]",
            "{\"a\"}",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "[1,2,]",
            "{'a':1}",
            "{a:1}",
            "nul",
            "tru",
            "\"unterminated",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u00\"}",
            "{\"a\":\"tab\tinside\"}",
            "{\"a\":01}",
            "{\"a\":-}",
            "{\"a\":1.}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "/* a comment */ {}",
            "{\"a\":1} garbage",
            "{\"a\":1,\"a\":2}",
            "{\"a\":" + "9".repeat(5_000) + "}",
            "{\"a\":0." + "1".repeat(5_000) + "}",
            "[".repeat(2_000) + "]".repeat(2_000),
            "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500),
            "\uFEFF{}x");

    @Inject
    @Client("/")
    HttpClient http;

    private String token;

    @BeforeAll
    void mintATokenOnceTheRegistryIsReady() {
        // A check answered while the topology still starts is a 503, which this test is not about.
        Exchanges.awaitReady(http);
        Map<?, ?> minted = http.toBlocking().retrieve(HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"bank-a\",\"scopes\":[\"number-recycling:check\",\"sim-swap\"]}"), Map.class);
        token = (String) minted.get("access_token");
    }

    private record Endpoint(String path, boolean camara) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/events", false),
            new Endpoint("/events?await=true", false),
            new Endpoint("/dev/tokens", false),
            new Endpoint("/number-recycling/v0.2/check", true),
            new Endpoint("/number-recycling/v0.2/check-batch", true),
            new Endpoint("/sim-swap/v2/check", true),
            new Endpoint("/sim-swap/v2/retrieve-date", true));

    private record Answer(int status, String body) {
    }

    private Answer post(Endpoint endpoint, String body) {
        return post(endpoint, body.getBytes(StandardCharsets.UTF_8));
    }

    private Answer post(Endpoint endpoint, byte[] body) {
        MutableHttpRequest<byte[]> request = HttpRequest.POST(endpoint.path(), body)
                .contentType(MediaType.APPLICATION_JSON);
        if (endpoint.camara()) {
            request.bearerAuth(token);
        }
        HttpResponse<String> response = Exchanges.exchange(http, request, String.class);
        return new Answer(response.code(), response.getBody(String.class).orElse(""));
    }

    /** The sentence for people: a problem's detail, a CAMARA error's message. */
    private static String sentence(Endpoint endpoint, Answer answer) {
        String field = endpoint.camara() ? "\"message\":\"" : "\"detail\":\"";
        int start = answer.body().indexOf(field);
        assertThat(start).as("the answer names what is wrong: %s", answer.body()).isNotNegative();
        return answer.body().substring(start + field.length(), answer.body().indexOf('"', start + field.length()));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedSayingWhereAndWhatWithoutTheParsersWords() {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (String body : NOT_JSON) {
                Answer answer = post(endpoint, body);
                String described = endpoint.path() + " " + preview(body) + " -> " + answer.status() + " "
                        + answer.body();
                if (answer.status() != 400 || INTERNALS.matcher(answer.body()).find()
                        || !answer.body().contains(endpoint.camara() ? "INVALID_ARGUMENT" : "\"status\":400")
                        || !sentence(endpoint, answer).matches(".*line \\d+, column \\d+.*")) {
                    failures.add(described);
                }
            }
        }
        assertThat(failures).as("answers that are not a 400 naming where, in the caller's terms").isEmpty();
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInTheAnswer() {
        Map<String, List<String>> wrongTypes = Map.of(
                "/dev/tokens", List.of("{\"subject\":{\"id\":1}}", "{\"subject\":\"a\",\"scopes\":\"sim-swap\"}",
                        "{\"subject\":\"a\",\"scopes\":[[1]]}", "{\"subject\":\"a\",\"validFor\":[]}",
                        "[{\"subject\":\"a\"}]", "\"bank-a\"", "42"),
                "/number-recycling/v0.2/check", List.of("{\"phoneNumber\":{\"a\":1},\"specifiedDate\":\"2024-01-01\"}",
                        "{\"phoneNumber\":\"+4930123456\",\"specifiedDate\":[2024,1,1]}", "[]", "\"+4930123456\"",
                        "true"),
                "/number-recycling/v0.2/check-batch", List.of("{\"checks\":{}}", "{\"checks\":\"all\"}"),
                "/sim-swap/v2/check", List.of("{\"phoneNumber\":\"+4930123456\",\"maxAge\":\"ten\"}",
                        "{\"phoneNumber\":\"+4930123456\",\"maxAge\":99999999999}",
                        "{\"phoneNumber\":\"+4930123456\",\"maxAge\":{}}"),
                "/sim-swap/v2/retrieve-date", List.of("{\"phoneNumber\":[]}", "{\"phoneNumber\":{}}"));
        List<String> failures = new ArrayList<>();
        wrongTypes.forEach((path, bodies) -> {
            Endpoint endpoint = ENDPOINTS.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
            for (String body : bodies) {
                Answer answer = post(endpoint, body);
                String described = path + " " + body + " -> " + answer.status() + " " + answer.body();
                String field = fieldOf(body);
                if (answer.status() != 400 || INTERNALS.matcher(answer.body()).find()
                        || (field != null && !sentence(endpoint, answer).contains(field))) {
                    failures.add(described);
                }
            }
        });
        assertThat(failures).as("answers that are not a 400 naming the field, in the caller's terms").isEmpty();
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAsSuchByEveryEndpointNotMended() {
        // A string with a byte no UTF-8 text has: a server that decodes to text first would see
        // a replacement character instead, and read on.
        byte[] body = "{\"phoneNumber\":\"+4930123456\",\"subject\":\"bank-\u0000\"}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 3] = (byte) 0xC3;
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            Answer answer = post(endpoint, body);
            if (answer.status() != 400 || !sentence(endpoint, answer).contains("UTF-8")) {
                failures.add(endpoint.path() + " -> " + answer.status() + " " + answer.body());
            }
        }
        assertThat(failures).as("answers that do not refuse the body for not being UTF-8").isEmpty();
    }

    @Test
    void aCheckOfTheWrongShapeInABatchIsAnsweredInvalidNamingTheFieldAndTheOthersAreAnswered() {
        Answer answer = post(ENDPOINTS.get(4), """
                {"checks":[{"phoneNumber":["+4930123456"],"specifiedDate":"2024-01-01"},
                           {"phoneNumber":"+4930123456","specifiedDate":20240101},
                           7,
                           null,
                           {"phoneNumber":"+4930123456","specifiedDate":"2024-01-01"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContainPattern(INTERNALS)
                .contains("{\"result\":\"INVALID\",\"message\":\"INVALID_ARGUMENT: The field phoneNumber must be a JSON "
                        + "string, not an array.\"}")
                .contains("{\"result\":\"INVALID\",\"message\":\"INVALID_ARGUMENT: The field specifiedDate must be a JSON "
                        + "string, not the number '20240101'.\"}")
                .contains("{\"result\":\"INVALID\",\"message\":\"a check must be an object with phoneNumber and "
                        + "specifiedDate, not the number '7'\"}")
                .contains("{\"result\":\"INVALID\",\"message\":\"a check must be an object with phoneNumber and "
                        + "specifiedDate\"}")
                .contains("{\"phoneNumber\":\"+4930123456\",\"specifiedDate\":\"2024-01-01\",\"result\":\"NO_DATA\"}");
    }

    @Test
    void anEventWithAFieldOfTheWrongTypeIsRefusedNamingItWithoutTheParsersWords() {
        String event = """
                {"eventId":"mj-1","number":"+14155550142","type":"TopUpMade","occurredAt":"2030-01-01T00:00:00Z",
                 "source":"billing","amountMinorUnits":%s,"currency":"USD","validUntil":"2030-02-01T00:00:00Z"}""";
        Endpoint events = ENDPOINTS.get(0);
        for (String amount : List.of("\"12\"", "12.5", "1e3", "-1", "99999999999999999999999", "[1]", "{}", "true")) {
            Answer answer = post(events, event.formatted(amount));

            assertThat(answer.status()).as(amount).isEqualTo(422);
            assertThat(answer.body()).as(amount).contains("amountMinorUnits").doesNotContainPattern(INTERNALS);
        }
    }

    /** The first field a body names, if it names one: the one of the wrong type in these bodies. */
    private static String fieldOf(String body) {
        java.util.regex.Matcher field = Pattern.compile("\"([a-zA-Z]+)\":(?!\"(a|\\+4930123456|2024-01-01)\")")
                .matcher(body);
        return field.find() ? field.group(1) : null;
    }

    private static String preview(String body) {
        return body.length() > 60 ? body.substring(0, 60) + "...(" + body.length() + " characters)" : body;
    }
}
