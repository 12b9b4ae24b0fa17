package dev.numberregistry.api.security;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Micronaut Security's token validator with a memory: a token accepted lately ({@link ValidatedTokens})
 * is not parsed, verified and judged again, which a JFR profile of the CAMARA checks found to be a
 * fifth of their CPU (banks send one token with thousands of checks). A token not remembered goes
 * through the validator as before, with every signature and claims check the registry has
 * ({@link ExpiryRequired}, {@link InternalScopeOnlyFromInstances}, issuer, audience, expiry), and
 * is remembered only if it passed them all. Those checks judge the token alone, never the rest of
 * the request, which is what makes the token a sound key.
 */
final class CachingTokenValidator<T, R> implements ReactiveJsonWebTokenValidator<T, R> {

    private final ReactiveJsonWebTokenValidator<T, R> validator;
    private final ValidatedTokens validated;

    CachingTokenValidator(ReactiveJsonWebTokenValidator<T, R> validator, ValidatedTokens validated) {
        this.validator = validator;
        this.validated = validated;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, R request) {
        Optional<Authentication> known = validated.recall(token);
        if (known.isPresent()) {
            return Mono.just(known.get());
        }
        return Mono.from(validator.validateToken(token, request))
                .doOnNext(authentication -> validated.remember(token, authentication));
    }

    /** The parsed token, always validated anew: only the authentication of a token is remembered. */
    @Override
    public Publisher<T> validate(String token, R request) {
        return validator.validate(token, request);
    }

    @Override
    public int getOrder() {
        return validator.getOrder();
    }
}
