package dev.numberregistry.api.security;

import dev.numberregistry.api.config.SecuritySettings;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * {@code registry.security.open=true}: the carrier's endpoints (those {@link Secured} with a scope
 * of {@link RegistryScopes}) let anyone in, for a registry behind a gateway that authenticates the
 * carrier's callers. Judged by the route a request reached, before {@link SecuredAnnotationRule};
 * the CAMARA endpoints are not among them and still need their tokens.
 */
@Singleton
@Requires(property = SecuritySettings.OPEN, value = "true")
final class OpenWhenSaid implements SecurityRule<HttpRequest<?>> {

    private static final List<String> REGISTRY_SCOPES = List.of(RegistryScopes.EVENTS_WRITE, RegistryScopes.READ,
            RegistryScopes.INTERNAL);

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 1;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        boolean carrierRoute = RouteAttributes.getRouteMatch(request)
                .map(match -> match.getAnnotationMetadata().stringValues(Secured.class))
                .filter(scopes -> scopes.length > 0 && REGISTRY_SCOPES.containsAll(Arrays.asList(scopes)))
                .isPresent();
        return Publishers.just(carrierRoute ? SecurityRuleResult.ALLOWED : SecurityRuleResult.UNKNOWN);
    }
}
