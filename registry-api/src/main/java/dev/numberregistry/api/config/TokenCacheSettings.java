package dev.numberregistry.api.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How long the registry remembers a bearer token it has validated, so that the same token sent
 * with thousands of checks is parsed and verified once: see "Who may ask" in the README. An entry
 * never outlives the token's {@code exp}; {@link #getMaximumAge()} bounds it further, so that a key
 * an operator stops trusting stops opening the registry within that time.
 */
@ConfigurationProperties(TokenCacheSettings.PREFIX)
public class TokenCacheSettings {

    public static final String PREFIX = SecuritySettings.PREFIX + ".token-cache";
    public static final String ENABLED = PREFIX + ".enabled";

    private boolean enabled = true;
    private long maximumEntries = 10_000;
    private Duration maximumAge = Duration.ofMinutes(5);

    /** Whether validated tokens are remembered at all; {@code false} validates every request's token. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** How many tokens are remembered at most; beyond, the least useful are forgotten. */
    public long getMaximumEntries() {
        return maximumEntries;
    }

    public void setMaximumEntries(long maximumEntries) {
        this.maximumEntries = maximumEntries;
    }

    /** The longest a token is remembered, however far off its {@code exp}. */
    public Duration getMaximumAge() {
        return maximumAge;
    }

    public void setMaximumAge(Duration maximumAge) {
        this.maximumAge = maximumAge;
    }
}
