package dev.numberregistry.api.camara;

import java.time.Duration;
import java.util.Optional;

/**
 * 429 in the CAMARA format: {@code TOO_MANY_REQUESTS} over the per-second rate,
 * {@code QUOTA_EXCEEDED} over the day's quota, with {@code Retry-After} when waiting helps.
 */
public final class OverQuotaException extends CamaraException {

    private final Duration retryAfter;

    OverQuotaException(CamaraError error, Duration retryAfter) {
        super(error);
        this.retryAfter = retryAfter;
    }

    /** How long until the request would be let through; empty when waiting does not help. */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
