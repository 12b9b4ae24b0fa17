package dev.numberregistry.api.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Locale;

/**
 * Who may ask: the development tokens of the embedded default, the secret the instances share, and
 * whether the carrier's endpoints are left open. The keys that sign and verify callers' tokens are
 * Micronaut Security's own settings ({@code micronaut.security.token.jwt.signatures.*}); see "Who
 * may ask" in the README. The instances' secret ({@link #INTERNAL_SECRET}) and whether the
 * carrier's endpoints are open ({@link #OPEN}) are read from the raw properties by
 * {@code TokenKeys}: whether the registry may start at all is decided before beans exist.
 */
@ConfigurationProperties(SecuritySettings.PREFIX)
public class SecuritySettings {

    public static final String PREFIX = "registry.security";
    public static final String DEV_TOKENS = PREFIX + ".dev-tokens";
    public static final String INTERNAL_SECRET = PREFIX + ".internal-secret";
    public static final String OPEN = PREFIX + ".open";
    /** HS256 needs a key of 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * Whether {@code POST /dev/tokens} mints tokens signed with a random key made at start-up. Read
     * from the raw property by {@code TokenKeys}: the decision is needed before beans exist.
     */
    public enum DevTokens {
        /** Only on the embedded broker (no {@code registry.kafka.bootstrap-servers}) with no signing key configured. */
        AUTO,
        /** Always, even on a cluster or beside configured keys: never in production. */
        ENABLED,
        /** Never. */
        DISABLED;

        /** {@code auto}, {@code enabled} or {@code disabled}, in any case; blank means {@code auto}. */
        public static DevTokens parse(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DEV_TOKENS + " must be auto, enabled or disabled, not '" + value + "'");
            }
        }
    }

    private Duration devTokenMaxValidity = Duration.ofDays(1);

    /** The longest {@code validFor} a development token may ask for. */
    public Duration getDevTokenMaxValidity() {
        return devTokenMaxValidity;
    }

    public void setDevTokenMaxValidity(Duration devTokenMaxValidity) {
        this.devTokenMaxValidity = devTokenMaxValidity;
    }
}
