package dev.numberregistry.api.camara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.MovableClock;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bank over its rate gets 429 in the CAMARA format, with Retry-After and its x-correlator; other
 * banks are not touched. The clock stands still, so the rate refills only when the test says so.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotasApiTest implements EmbeddedRegistryTestProperties {

    private static final String CHECK = "/number-recycling/v0.2/check";
    private static final String ONE_CHECK = """
            {"phoneNumber":"+4930123999","specifiedDate":"2024-01-01"}""";

    private final MovableClock clock = new MovableClock(Instant.now());

    @Inject
    @Client("/")
    HttpClient http;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.quotas.clients.bank-q.checks-per-second", "2");
    }

    private record Reply(int status, Map<String, Object> body, String retryAfter, String correlator) {
    }

    private Reply post(String path, String json, String bearer) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, json).header("x-correlator", "quota-1");
        if (bearer != null) {
            request.bearerAuth(bearer);
        }
        try {
            HttpResponse<Map<String, Object>> response = http.toBlocking().exchange(request,
                    Argument.mapOf(String.class, Object.class));
            return new Reply(response.code(), response.body(), response.header("Retry-After"),
                    response.header("x-correlator"));
        } catch (HttpClientResponseException e) {
            return new Reply(e.code(), e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElse(null),
                    e.getResponse().header("Retry-After"), e.getResponse().header("x-correlator"));
        }
    }

    @BeforeAll
    void untilTheRegistryAnswers() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> http.toBlocking().exchange(HttpRequest.GET("/health/readiness")).code() == 200);
    }

    private String token(String bank) {
        Reply minted = post("/dev/tokens", """
                {"subject":"%s","scopes":["number-recycling:check"],"validFor":"PT1H"}""".formatted(bank), null);
        return (String) minted.body().get("access_token");
    }

    @Test
    void overItsRateABankIsToldToWaitAndOtherBanksAreNot() {
        String bankQ = token("bank-q");
        String bankR = token("bank-r");

        Reply first = post(CHECK, ONE_CHECK, bankQ);
        Reply second = post(CHECK, ONE_CHECK, bankQ);
        Reply third = post(CHECK, ONE_CHECK, bankQ);

        assertThat(first.status()).as("answered: the number is unknown").isEqualTo(404);
        assertThat(second.status()).isEqualTo(404);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.body()).containsEntry("status", 429).containsEntry("code", "TOO_MANY_REQUESTS");
        assertThat((String) third.body().get("message")).contains("bank-q may ask 2 checks per second");
        assertThat(third.retryAfter()).isEqualTo("1");
        assertThat(third.correlator()).isEqualTo("quota-1");
        for (int i = 0; i < 5; i++) {
            assertThat(post(CHECK, ONE_CHECK, bankR).status()).as("bank-r has no limit").isEqualTo(404);
        }

        clock.advance(Duration.ofSeconds(1));
        assertThat(post(CHECK, ONE_CHECK, bankQ).status()).isEqualTo(404);
    }

    @Test
    void aBatchCountsEachOfItsChecks() {
        String bankQ = token("bank-q");
        clock.advance(Duration.ofSeconds(1));

        Reply batch = post("/number-recycling/v0.2/check-batch", """
                {"checks":[%s,%s,%s]}""".formatted(ONE_CHECK, ONE_CHECK, ONE_CHECK), bankQ);

        assertThat(batch.status()).isEqualTo(429);
        assertThat((String) batch.body().get("message")).contains("3 checks at once", "send smaller batches");
        assertThat(batch.retryAfter()).isNull();
    }
}
