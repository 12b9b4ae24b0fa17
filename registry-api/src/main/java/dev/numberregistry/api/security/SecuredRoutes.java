package dev.numberregistry.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.web.router.RouteAttributes;
import java.util.List;

/** Who may call the operation a request reached, as its {@code @Secured} says. */
final class SecuredRoutes {

    private SecuredRoutes() {
    }

    /** The values of the reached operation's {@code @Secured}: scopes, or rules such as isAnonymous(); none if it has none. */
    static List<String> accessOf(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(match -> List.of(match.getAnnotationMetadata().stringValues(Secured.class)))
                .orElse(List.of());
    }
}
