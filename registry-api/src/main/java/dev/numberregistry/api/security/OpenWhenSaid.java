package dev.numberregistry.api.security;

import dev.numberregistry.api.config.SecuritySettings;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * {@code registry.security.open=true}: the carrier's endpoints (those {@code @Secured} with a scope
 * of {@link RegistryScopes}) let anyone in, for a registry behind a gateway that authenticates the
 * carrier's callers. Judged by the route a request reached, before {@link SecuredAnnotationRule};
 * the CAMARA endpoints are not among them and still need their tokens.
 */
@Singleton
@Requires(property = SecuritySettings.OPEN, value = "true")
final class OpenWhenSaid implements SecurityRule<HttpRequest<?>> {

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 1;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        List<String> access = SecuredRoutes.accessOf(request);
        boolean carrierRoute = !access.isEmpty() && RegistryScopes.ALL.containsAll(access);
        return Publishers.just(carrierRoute ? SecurityRuleResult.ALLOWED : SecurityRuleResult.UNKNOWN);
    }
}
