package dev.numberregistry.api.security;

import dev.numberregistry.api.config.TokenCacheSettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import jakarta.inject.Singleton;

/**
 * Puts a memory in front of Micronaut Security's JWT validator ({@link CachingTokenValidator}) as
 * the bean is made, so that every caller of the validator, the security filter first, gets the one
 * with the memory, and the validator itself, with its signatures and claims validators, stays
 * Micronaut's own. Off with {@code registry.security.token-cache.enabled=false}.
 */
@Singleton
@Requires(property = TokenCacheSettings.ENABLED, notEquals = "false")
final class TokenValidationCaching implements BeanCreatedEventListener<ReactiveJsonWebTokenValidator<?, ?>> {

    /** Looked up when the validator is made, not with this listener: listeners are made early, before the metrics. */
    private final BeanProvider<ValidatedTokens> validated;

    TokenValidationCaching(BeanProvider<ValidatedTokens> validated) {
        this.validated = validated;
    }

    @Override
    public ReactiveJsonWebTokenValidator<?, ?> onCreated(BeanCreatedEvent<ReactiveJsonWebTokenValidator<?, ?>> event) {
        return remembering(event.getBean(), validated.get());
    }

    private static <T, R> ReactiveJsonWebTokenValidator<T, R> remembering(ReactiveJsonWebTokenValidator<T, R> validator,
                                                                          ValidatedTokens validated) {
        return new CachingTokenValidator<>(validator, validated);
    }
}
