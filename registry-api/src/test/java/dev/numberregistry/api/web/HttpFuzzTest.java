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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mangled bodies and queries thrown at the real endpoints: every answer is one the API documents
 * (never a 5xx), a refusal says why without naming the registry's insides, and the registry still
 * applies the next good event. The
 * inputs come from a fixed seed, so a failure is reproducible. For a longer search:
 * {@code mvn test -pl registry-api -Dtest=HttpFuzzTest -DargLine="-Dfuzz.seed=7 -Dfuzz.bodies=5000"}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest implements EmbeddedRegistryTestProperties {

    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int BODIES = Integer.getInteger("fuzz.bodies", 400);
    private static final Set<Integer> DOCUMENTED = Set.of(200, 202, 400, 413, 415, 422);

    @Inject
    @Client("/")
    HttpClient http;

    private static final List<String> GOOD = List.of(
            HostileIntakeTest.assigned("fz-a", "+14155550111"),
            HostileIntakeTest.flagRaised("fz-f", "+14155550111", "note"),
            """
            {"eventId":"fz-t","number":"+14155550111","type":"TopUpMade","occurredAt":"2030-01-05T00:00:00Z",
             "source":"billing","amountMinorUnits":1299,"currency":"USD","validUntil":"2030-03-01T00:00:00Z"}""");

    @Test
    void noMangledBodyMakesAServerErrorAndTheRegistryGoesOn() {
        Random random = new Random(SEED);
        Set<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < BODIES; i++) {
            byte[] body = mangle(random, i);

            HttpResponse<Map<String, Object>> response = post(body, random.nextInt(4) == 0);

            assertThat(response.code()).as("body %d: %s", i, preview(body)).isIn(DOCUMENTED);
            seen.add(response.code());
            Map<String, Object> answer = response.getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
            assertThat(answer.toString()).as("body %d: %s", i, preview(body))
                    .doesNotContainPattern(MalformedJsonTest.INTERNALS);
            if (response.code() == 400) {
                assertThat((String) answer.get("detail")).as("body %d", i).isNotBlank();
            }
            if (response.code() == 422) {
                assertThat((List<Map<String, Object>>) answer.get("results")).as("body %d", i)
                        .allSatisfy(result -> assertThat((String) result.get("reason")).isNotBlank());
            }
        }

        assertThat(seen).as("the bodies reach every kind of answer").contains(200, 202, 400, 422);
        HttpResponse<Map<String, Object>> good = post(HostileIntakeTest.assigned("fz-last", "+14155550199")
                .getBytes(StandardCharsets.UTF_8), true);
        assertThat((List<Map<String, Object>>) good.body().get("results")).singleElement()
                .satisfies(result -> assertThat(result).containsEntry("outcome", "APPLIED"));
    }

    @Test
    void noMangledQueryMakesAServerError() {
        Random random = new Random(SEED);
        List<String> numbers = List.of("%2B14155550111", "14155550111", "%2B1", "hello", "%2B" + "9".repeat(300),
                "%00", "%E2%82%AC", "+44%207911%20123456", "..", "%2B14155550111%2F..");
        List<String> instants = List.of("2030-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
                "%2B1000000000-01-01T00:00:00Z", "2030-01-01", "1893456000000", "", "2199-12-31T23:59:59.999Z",
                "2030-01-01T00:00:00%2B01:00", "x");
        List<String> states = List.of("ACTIVE", "IN_GRACE", "QUARANTINED", "active", "NOPE", "");
        List<String> limits = List.of("1", "100", "1000", "1001", "0", "-1", "99999999999", "abc", "");
        for (int i = 0; i < BODIES / 2; i++) {
            String number = numbers.get(random.nextInt(numbers.size()));
            String path = switch (random.nextInt(4)) {
                case 0 -> "/numbers/" + number;
                case 1 -> "/numbers/" + number + "/history";
                case 2 -> "/numbers/" + number + "/rejections";
                default -> "/numbers?deadlineBefore=" + instants.get(random.nextInt(instants.size()))
                        + "&state=" + states.get(random.nextInt(states.size()))
                        + "&limit=" + limits.get(random.nextInt(limits.size()))
                        + (random.nextBoolean() ? "" : "&after=" + cursor(random));
            };

            int status;
            try {
                status = http.toBlocking().exchange(HttpRequest.GET(path)).code();
            } catch (HttpClientResponseException e) {
                status = e.code();
            }

            assertThat(status).as("GET %s", path).isIn(200, 400, 404);
        }
    }

    /** A cursor as the API gives them out (URL-safe Base64), of random bytes. */
    private static String cursor(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private HttpResponse<Map<String, Object>> post(byte[] body, boolean await) {
        try {
            return http.toBlocking().exchange(HttpRequest.POST(await ? "/events?await=true&timeout=5s" : "/events",
                    body).contentType(MediaType.APPLICATION_JSON), Argument.mapOf(String.class, Object.class));
        } catch (HttpClientResponseException e) {
            return (HttpResponse<Map<String, Object>>) e.getResponse();
        }
    }

    /** A good body, or a batch of them, then broken in one of the ways real senders break them. */
    private static byte[] mangle(Random random, int round) {
        String good = GOOD.get(random.nextInt(GOOD.size())).replace("fz-", "fz" + round + "-");
        String text = random.nextInt(3) == 0 ? "[" + good + "," + good.replace("\"fz", "\"fy") + "]" : good;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(9)) {
            case 0 -> flipBytes(random, bytes);
            case 1 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> (text + (random.nextBoolean() ? text : " x")).getBytes(StandardCharsets.UTF_8);
            case 3 -> replaceValue(random, text).getBytes(StandardCharsets.UTF_8);
            case 4 -> randomBytes(random);
            case 5 -> text.replace("\"source\":\"billing\"", "\"source\":\"" + "s".repeat(random.nextInt(3000)) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> text.replace("}", ",\"" + (char) ('a' + random.nextInt(26)) + "\":" + random.nextInt() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> text.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
            default -> bytes;
        };
    }

    private static byte[] flipBytes(Random random, byte[] bytes) {
        byte[] flipped = bytes.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
        }
        return flipped;
    }

    private static String replaceValue(Random random, String text) {
        List<String> values = List.of("12.99", "1e308", "true", "null", "[]", "{}", "\"\"", "18446744073709551616",
                "1893456000000", "\"+1000000000-01-01T00:00:00Z\"", "-1", "\"\\u0000\"", "\"\\ud800\"");
        String[] fields = {"\"occurredAt\":", "\"number\":", "\"eventId\":", "\"type\":", "\"planType\":",
                "\"amountMinorUnits\":", "\"note\":", "\"validUntil\":"};
        String field = fields[random.nextInt(fields.length)];
        int at = text.indexOf(field);
        if (at < 0) {
            return text;
        }
        int valueStart = at + field.length();
        int valueEnd = text.indexOf(',', valueStart);
        valueEnd = valueEnd < 0 ? text.indexOf('}', valueStart) : Math.min(valueEnd, text.indexOf('}', valueStart));
        return text.substring(0, valueStart) + values.get(random.nextInt(values.size())) + text.substring(valueEnd);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
