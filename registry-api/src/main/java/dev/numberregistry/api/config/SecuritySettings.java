package dev.numberregistry.api.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Locale;

/**
 * Who may ask: the development tokens of the embedded default, the secret the instances share, and
 * whether the carrier's endpoints are left open. The keys that sign and verify callers' tokens are
 * Micronaut Security's own settings ({@code micronaut.security.token.jwt.signatures.*}); see "Who
 * may ask" in the README. Read from the raw properties by {@code TokenKeys} too: the decision
 * whether the registry may start at all is taken before beans exist.
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
    private String internalSecret;
    private boolean open;

    /** The longest {@code validFor} a development token may ask for. */
    public Duration getDevTokenMaxValidity() {
        return devTokenMaxValidity;
    }

    public void setDevTokenMaxValidity(Duration devTokenMaxValidity) {
        this.devTokenMaxValidity = devTokenMaxValidity;
    }

    /**
     * The secret every instance signs its requests to the others' internal endpoints with, the same
     * on all; none on the embedded default (one instance: a random one is made at start-up).
     */
    public String getInternalSecret() {
        return internalSecret;
    }

    public void setInternalSecret(String internalSecret) {
        this.internalSecret = internalSecret;
    }

    /**
     * Whether the carrier's endpoints ({@code /events}, {@code /numbers}, {@code /internal}) serve
     * whoever reaches the port, for a registry behind a gateway that authenticates its callers.
     * The CAMARA endpoints always need a token.
     */
    public boolean isOpen() {
        return open;
    }

    public void setOpen(boolean open) {
        this.open = open;
    }
}
