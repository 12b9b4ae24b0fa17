package dev.numberregistry.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The registry remembers the tokens it validated, and a remembered token opens nothing more than
 * it did: it still works, it stops working at its {@code exp}, and a token that failed validation
 * (a tampered signature) is validated, and refused, every time. Seen through the cache's metrics
 * ({@code cache_gets_total{cache="validated-tokens"}}). {@link TokenCacheOffTest} runs without it.
 */
@MicronautTest(environments = {WhoMayAskTest.ENVIRONMENT, TestCredentials.EXPLICIT})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenCacheTest implements EmbeddedRegistryTestProperties {

    private static final String CORRELATOR = "b4333c46-49c0-4f62-80d7-f0ef930f1c46";
    private static final String RECYCLING_CHECK = "/number-recycling/v0.2/check";
    private static final String SCOPE = "number-recycling:check";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RegistrySigningKey devKey;

    @Inject
    MeterRegistry meters;

    private Reply check(String token) {
        return Reply.send(http, HttpRequest.GET(RECYCLING_CHECK).header("x-correlator", CORRELATOR).bearerAuth(token));
    }

    private String devToken(Instant expiresAt) {
        return devKey.mint("bank-a", List.of(SCOPE), Instant.now().truncatedTo(ChronoUnit.SECONDS), expiresAt);
    }

    private double gets(String result) {
        return meters.get("cache.gets").tag("cache", ValidatedTokens.CACHE_NAME).tag("result", result)
                .functionCounter().count();
    }

    private static void assertUnauthenticated(Reply reply) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).containsEntry("status", 401).containsEntry("code", "UNAUTHENTICATED");
        assertThat(reply.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(reply.header("x-correlator")).isEqualTo(CORRELATOR);
    }

    @Test
    void aTokenSeenBeforeIsAnsweredFromMemoryAndStillWorks() {
        String token = devToken(Instant.now().plus(Duration.ofMinutes(5)));
        double misses = gets("miss");
        double hits = gets("hit");

        Reply first = check(token);
        Reply second = check(token);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).containsEntry("subject", "bank-a").containsEntry("scopes", List.of(SCOPE));
        assertThat(gets("miss") - misses).as("validated once").isEqualTo(1);
        assertThat(gets("hit") - hits).as("then remembered").isEqualTo(1);
    }

    @Test
    void aRememberedTokenIsRefusedFromItsExpOn() {
        Instant expiresAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
        String token = devToken(expiresAt);
        double hits = gets("hit");
        assertThat(check(token).status()).isEqualTo(200);
        assertThat(check(token).status()).isEqualTo(200);
        assertThat(gets("hit") - hits).as("remembered before its exp").isEqualTo(1);

        // Asked until it is refused: every answer before then was given before the exp, none after.
        Reply refused = Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Instant sentAt = Instant.now();
                    Reply reply = check(token);
                    if (reply.status() == 200) {
                        assertThat(sentAt).as("accepted only before its exp").isBefore(expiresAt);
                    }
                    return reply;
                }, reply -> reply.status() != 200);

        assertUnauthenticated(refused);
        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
        assertUnauthenticated(check(token));
    }

    @Test
    void aTokenWithATamperedSignatureIsNeverRemembered() {
        String token = devToken(Instant.now().plus(Duration.ofMinutes(5)));
        assertThat(check(token).status()).isEqualTo(200);
        String otherKey = TestKeys.hs256("some-other-secret-of-at-least-32-characters",
                TestKeys.claims("bank-a", Duration.ofMinutes(5), SCOPE));
        // The remembered token's header and claims, with another key's signature.
        String tampered = token.substring(0, token.lastIndexOf('.')) + otherKey.substring(otherKey.lastIndexOf('.'));
        double hits = gets("hit");
        double misses = gets("miss");

        for (int i = 0; i < 3; i++) {
            assertUnauthenticated(check(tampered));
            assertUnauthenticated(check(otherKey));
        }

        assertThat(gets("hit")).as("no refused token was answered from memory").isEqualTo(hits);
        assertThat(gets("miss") - misses).as("each was validated every time").isEqualTo(6);
    }

    @Test
    void anExpiredTokenIsRefusedAsBeforeAndNotRemembered() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String expired = devKey.mint("bank-a", List.of(SCOPE), now.minusSeconds(600), now.minusSeconds(60));
        double hits = gets("hit");

        assertUnauthenticated(check(expired));
        assertUnauthenticated(check(expired));
        assertThat(gets("hit")).isEqualTo(hits);
    }
}
