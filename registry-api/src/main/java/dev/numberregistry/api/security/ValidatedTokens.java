package dev.numberregistry.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.numberregistry.api.config.TokenCacheSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.Claims;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The bearer tokens this registry validated lately, with what validation made of them
 * ({@link CachingTokenValidator} asks and fills it). Only accepted tokens are remembered, each
 * until its {@code exp} at the latest, and never longer than {@code registry.security.token-cache.maximum-age};
 * a token whose {@code exp} has come is forgotten when asked for, whatever the cache's own
 * clean-up has done, so it is validated again and refused as any expired token.
 *
 * <p>Kept by the SHA-256 digest of the token, not the token: the cache holds no credential, and a
 * lookup never compares a caller's string with a remembered token character by character.
 * Watched as {@code cache_*{cache="validated-tokens"}} (gets by hit and miss, size, evictions),
 * made at start-up so that the series are there from the start, at 0.
 */
@Context
@Requires(property = TokenCacheSettings.ENABLED, notEquals = "false")
final class ValidatedTokens {

    static final String CACHE_NAME = "validated-tokens";

    private record Validated(Authentication authentication, Instant expiresAt) {
    }

    private final Cache<String, Validated> entries;
    private final Clock clock;

    @Inject
    ValidatedTokens(TokenCacheSettings settings, Clock clock, MeterRegistry meters) {
        this(settings, clock, Ticker.systemTicker(), ForkJoinPool.commonPool());
        CaffeineCacheMetrics.monitor(meters, entries, CACHE_NAME);
    }

    /**
     * @param ticker      measures the maximum age: monotonic, unlike the clock, which tells {@code exp}
     * @param maintenance where evictions are carried out
     */
    ValidatedTokens(TokenCacheSettings settings, Clock clock, Ticker ticker, Executor maintenance) {
        if (settings.getMaximumEntries() < 1) {
            throw new ConfigurationException(TokenCacheSettings.PREFIX + ".maximum-entries must be at least 1, was "
                    + settings.getMaximumEntries() + " (" + TokenCacheSettings.ENABLED + "=false turns the cache off)");
        }
        Duration maximumAge = settings.getMaximumAge();
        if (maximumAge == null || maximumAge.isNegative() || maximumAge.isZero()) {
            throw new ConfigurationException(TokenCacheSettings.PREFIX + ".maximum-age must be a positive duration, was "
                    + maximumAge + " (" + TokenCacheSettings.ENABLED + "=false turns the cache off)");
        }
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.getMaximumEntries())
                .expireAfter(new UntilExpiryOrMaximumAge(clock, maximumAge))
                .ticker(ticker)
                .executor(maintenance)
                .recordStats()
                .build();
    }

    /** What validation made of this token, if it was accepted lately and its {@code exp} has not come. */
    Optional<Authentication> recall(String token) {
        String key = digest(token);
        Validated validated = entries.getIfPresent(key);
        if (validated == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(validated.expiresAt())) {
            entries.invalidate(key);
            return Optional.empty();
        }
        return Optional.of(validated.authentication());
    }

    /**
     * Remembers a token that validation accepted. One whose {@code exp} cannot be read from its
     * claims, or has already come, is not remembered: it will be validated each time, as before.
     */
    void remember(String token, Authentication authentication) {
        expiryOf(authentication).filter(expiresAt -> clock.instant().isBefore(expiresAt))
                .ifPresent(expiresAt -> entries.put(digest(token), new Validated(authentication, expiresAt)));
    }

    /** How many tokens are remembered now, after pending evictions. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** {@code exp} as validation's claims hold it: a date (Nimbus), an instant, or seconds since the epoch. */
    private static Optional<Instant> expiryOf(Authentication authentication) {
        Object exp = authentication.getAttributes().get(Claims.EXPIRATION_TIME);
        if (exp instanceof Date date) {
            return Optional.of(date.toInstant());
        }
        if (exp instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (exp instanceof Number seconds) {
            return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
        }
        return Optional.empty();
    }

    private static String digest(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** An entry lives until the token's {@code exp} or the maximum age, whichever comes first; reading it does not extend it. */
    private record UntilExpiryOrMaximumAge(Clock clock, Duration maximumAge) implements Expiry<String, Validated> {

        @Override
        public long expireAfterCreate(String key, Validated validated, long currentTime) {
            Duration untilExpiry = Duration.between(clock.instant(), validated.expiresAt());
            Duration lifetime = untilExpiry.compareTo(maximumAge) < 0 ? untilExpiry : maximumAge;
            return Math.max(0, lifetime.toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Validated validated, long currentTime, long currentDuration) {
            return expireAfterCreate(key, validated, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Validated validated, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
