package dev.numberregistry.api.camara;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One client's own limits, {@code registry.quotas.clients.<sub>.checks-per-second} and
 * {@code .checks-per-day}; a limit it does not set is the default's.
 */
@EachProperty(QuotaSettings.PREFIX + ".clients")
public class ClientQuotaSettings {

    private final String client;
    @PositiveOrZero
    private Long checksPerSecond;
    @PositiveOrZero
    private Long checksPerDay;

    public ClientQuotaSettings(@Parameter String client) {
        this.client = client;
    }

    /** The token's {@code sub} these limits are for. */
    public String getClient() {
        return client;
    }

    public Long getChecksPerSecond() {
        return checksPerSecond;
    }

    public void setChecksPerSecond(Long checksPerSecond) {
        this.checksPerSecond = checksPerSecond;
    }

    public Long getChecksPerDay() {
        return checksPerDay;
    }

    public void setChecksPerDay(Long checksPerDay) {
        this.checksPerDay = checksPerDay;
    }

    /** These limits, the default's where this client sets none. */
    QuotaLimits over(QuotaLimits defaults) {
        return new QuotaLimits(checksPerSecond == null ? defaults.checksPerSecond() : checksPerSecond,
                checksPerDay == null ? defaults.checksPerDay() : checksPerDay);
    }
}
