package dev.numberregistry.api.camara;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The checks a client (a token's {@code sub}) may ask of the CAMARA operations, unless
 * {@code registry.quotas.clients.<sub>} says otherwise for it: see "Quotas" in the README. Zero
 * means no limit.
 */
@ConfigurationProperties(QuotaSettings.PREFIX)
public class QuotaSettings {

    public static final String PREFIX = "registry.quotas";

    @PositiveOrZero
    private long checksPerSecond;
    @PositiveOrZero
    private long checksPerDay;

    public long getChecksPerSecond() {
        return checksPerSecond;
    }

    public void setChecksPerSecond(long checksPerSecond) {
        this.checksPerSecond = checksPerSecond;
    }

    public long getChecksPerDay() {
        return checksPerDay;
    }

    public void setChecksPerDay(long checksPerDay) {
        this.checksPerDay = checksPerDay;
    }

    QuotaLimits limits() {
        return new QuotaLimits(checksPerSecond, checksPerDay);
    }
}
