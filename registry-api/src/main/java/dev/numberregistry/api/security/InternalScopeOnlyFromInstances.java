package dev.numberregistry.api.security;

import com.nimbusds.jwt.SignedJWT;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;

/**
 * Only an instance of the registry may carry {@link RegistryScopes#INTERNAL}: Micronaut Security
 * accepts a token signed by any key the registry trusts, so a token from the carrier's identity
 * provider that granted the scope by mistake would otherwise open the internal endpoints. A token
 * that claims the scope is valid only if the instances' own key ({@link InstanceKey}) signed it.
 */
@Singleton
final class InternalScopeOnlyFromInstances<T> implements GenericJwtClaimsValidator<T> {

    private static final String BEARER = "Bearer ";

    private final InstanceKey instanceKey;

    InternalScopeOnlyFromInstances(InstanceKey instanceKey) {
        this.instanceKey = instanceKey;
    }

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        if (!claimsInternalScope(claims.get("scope"))) {
            return true;
        }
        if (!(request instanceof HttpRequest<?> http)) {
            return false;
        }
        return http.getHeaders().getAuthorization()
                .filter(header -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(header -> signedByAnInstance(header.substring(BEARER.length()).trim()))
                .orElse(false);
    }

    private boolean signedByAnInstance(String token) {
        try {
            return instanceKey.verify(SignedJWT.parse(token));
        } catch (ParseException e) {
            return false;
        }
    }

    private static boolean claimsInternalScope(@Nullable Object scope) {
        if (scope instanceof String scopes) {
            return Arrays.asList(scopes.trim().split("\\s+")).contains(RegistryScopes.INTERNAL);
        }
        if (scope instanceof Collection<?> scopes) {
            return scopes.stream().anyMatch(RegistryScopes.INTERNAL::equals);
        }
        return false;
    }
}
