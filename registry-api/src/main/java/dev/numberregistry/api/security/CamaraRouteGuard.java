package dev.numberregistry.api.security;

import dev.numberregistry.api.camara.CamaraApis;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * The rules of {@code micronaut.security.intercept-url-map} judge a request by its path, and some
 * patterns let anyone in (the probes, the API document). A request whose path matches one of them
 * but that the router still sends to a CAMARA operation would slip past the operation's own rule;
 * this rule, checked just before them, turns it away. It judges by the route the request reached,
 * not by how its path is spelled.
 */
@Singleton
final class CamaraRouteGuard implements SecurityRule<HttpRequest<?>> {

    @Override
    public int getOrder() {
        return ConfigurationInterceptUrlMapRule.ORDER - 1;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        boolean camaraRoute = RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate().toPathString())
                .filter(CamaraApis::isCamaraPath)
                .isPresent();
        return Publishers.just(camaraRoute && !CamaraApis.isCamara(request)
                ? SecurityRuleResult.REJECTED
                : SecurityRuleResult.UNKNOWN);
    }
}
