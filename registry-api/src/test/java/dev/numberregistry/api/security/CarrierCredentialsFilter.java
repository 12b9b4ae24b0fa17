package dev.numberregistry.api.security;

import dev.numberregistry.api.query.InternalApi;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Gives every request of a test's HTTP client that carries no credentials of its own a token with
 * billing's and ops' scopes (another instance's, on the internal endpoints), so that tests about
 * something else than who may ask need not say it. Signed with the registry's development key
 * where it has one, else with the test key of {@link TestCredentials}. Tests about who may ask run in {@link TestCredentials#EXPLICIT}, without it.
 */
@ClientFilter("/**")
@Requires(notEnv = TestCredentials.EXPLICIT)
final class CarrierCredentialsFilter {

    private final RegistrySigningKey devKey;
    private final boolean devTokens;
    private final InstanceKey instanceKey;

    CarrierCredentialsFilter(RegistrySigningKey devKey, PropertyResolver properties, InstanceKey instanceKey) {
        this.devKey = devKey;
        this.devTokens = TokenKeys.of(properties).devTokens();
        this.instanceKey = instanceKey;
    }

    @RequestFilter
    void authorize(MutableHttpRequest<?> request) {
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        if (request.getPath().startsWith(InternalApi.PREFIX)) {
            request.header(HttpHeaders.AUTHORIZATION, instanceKey.authorization());
        } else if (devTokens) {
            Instant now = Instant.now();
            request.bearerAuth(devKey.mint("test-carrier", List.of(RegistryScopes.EVENTS_WRITE, RegistryScopes.READ),
                    now, now.plus(Duration.ofHours(1))));
        } else {
            request.header(HttpHeaders.AUTHORIZATION, TestCredentials.carrier());
        }
    }
}
