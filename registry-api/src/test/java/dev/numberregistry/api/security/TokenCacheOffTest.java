package dev.numberregistry.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.config.TokenCacheSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.security.token.validator.TokenValidator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With {@code registry.security.token-cache.enabled=false} tokens are validated as before the
 * cache existed: by Micronaut Security's own validator on every request, with no cache and no
 * cache metrics.
 */
@MicronautTest(environments = {WhoMayAskTest.ENVIRONMENT, TestCredentials.EXPLICIT})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenCacheOffTest implements EmbeddedRegistryTestProperties {

    private static final String RECYCLING_CHECK = "/number-recycling/v0.2/check";
    private static final String SCOPE = "number-recycling:check";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RegistrySigningKey devKey;

    @Inject
    ApplicationContext context;

    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> moreProperties() {
        return Map.of(TokenCacheSettings.ENABLED, "false");
    }

    private int check(String token) {
        return Reply.send(http, HttpRequest.GET(RECYCLING_CHECK).bearerAuth(token)).status();
    }

    @Test
    void tokensAreValidatedAsBeforeWithNoMemory() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = devKey.mint("bank-a", List.of(SCOPE), now, now.plus(Duration.ofMinutes(5)));
        String expired = devKey.mint("bank-a", List.of(SCOPE), now.minusSeconds(600), now.minusSeconds(60));
        String otherKey = TestKeys.hs256("some-other-secret-of-at-least-32-characters",
                TestKeys.claims("bank-a", Duration.ofMinutes(5), SCOPE));

        assertThat(check(token)).isEqualTo(200);
        assertThat(check(token)).isEqualTo(200);
        assertThat(check(expired)).isEqualTo(401);
        assertThat(check(otherKey)).isEqualTo(401);

        assertThat(context.getBeansOfType(TokenValidator.class)).isNotEmpty()
                .noneMatch(CachingTokenValidator.class::isInstance);
        assertThat(context.findBean(ValidatedTokens.class)).isEmpty();
        assertThat(meters.find("cache.gets").tag("cache", ValidatedTokens.CACHE_NAME).meters()).isEmpty();
    }
}
