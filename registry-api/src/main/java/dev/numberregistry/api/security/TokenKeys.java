package dev.numberregistry.api.security;

import dev.numberregistry.api.config.SecuritySettings.DevTokens;
import dev.numberregistry.api.config.SecuritySettings;
import io.micronaut.core.value.PropertyResolver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which keys this registry trusts, and whether it may start, decided from the configuration alone:
 * the keys configured under {@code micronaut.security.token.jwt.signatures} (an HMAC secret, a JWKS
 * URL, a static JWKS), possibly a random development key of its own, and the secret its instances
 * share.
 *
 * @param devTokens      whether this registry makes a random key at start-up and mints tokens with it
 * @param keyConfigured  whether an operator configured a signing key or JWKS
 * @param embedded       whether the registry runs on its embedded broker
 * @param internalSecret the secret the instances share, if configured
 * @param open           whether the carrier's endpoints were explicitly left open
 */
record TokenKeys(boolean devTokens, boolean keyConfigured, boolean embedded, Optional<String> internalSecret,
                 boolean open) {

    static final String SIGNATURES = "micronaut.security.token.jwt.signatures";
    static final String BOOTSTRAP_SERVERS = "registry.kafka.bootstrap-servers";

    static TokenKeys decide(DevTokens mode, boolean keyConfigured, boolean embedded, Optional<String> internalSecret,
                            boolean open) {
        boolean devTokens = switch (mode) {
            case ENABLED -> true;
            case DISABLED -> false;
            case AUTO -> embedded && !keyConfigured;
        };
        return new TokenKeys(devTokens, keyConfigured, embedded, internalSecret, open);
    }

    static TokenKeys of(PropertyResolver properties) {
        DevTokens mode = DevTokens.parse(properties.getProperty(SecuritySettings.DEV_TOKENS, String.class).orElse(null));
        boolean embedded = properties.getProperty(BOOTSTRAP_SERVERS, String.class).filter(s -> !s.isBlank()).isEmpty();
        Optional<String> internalSecret = properties.getProperty(SecuritySettings.INTERNAL_SECRET, String.class)
                .filter(secret -> !secret.isEmpty());
        boolean open = properties.getProperty(SecuritySettings.OPEN, Boolean.class).orElse(false);
        return decide(mode, properties.containsProperties(SIGNATURES), embedded, internalSecret, open);
    }

    /**
     * Why the registry must not start, if it must not: on a cluster, unless told it is open, its
     * callers need a key to be verified with and its instances a secret to trust each other by. A
     * secret too short to sign with is refused anywhere.
     */
    Optional<String> refusal() {
        List<String> wrong = new ArrayList<>();
        internalSecret.filter(secret -> secret.getBytes(StandardCharsets.UTF_8).length < SecuritySettings.MIN_SECRET_BYTES)
                .ifPresent(secret -> wrong.add(SecuritySettings.INTERNAL_SECRET + " is shorter than "
                        + SecuritySettings.MIN_SECRET_BYTES + " bytes: HS256 needs a secret of at least 256 bits"));
        if (!embedded && !open) {
            if (!keyConfigured && !devTokens) {
                wrong.add("no key to verify the callers' tokens with: configure " + SIGNATURES
                        + ".secret.<name>.secret (a shared secret) or " + SIGNATURES
                        + ".jwks.<name>.url (an identity provider)");
            }
            if (internalSecret.isEmpty()) {
                wrong.add("no secret for the instances to trust each other by: set " + SecuritySettings.INTERNAL_SECRET
                        + " (REGISTRY_SECURITY_INTERNAL_SECRET), at least " + SecuritySettings.MIN_SECRET_BYTES
                        + " characters, the same on every instance");
            }
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The registry will not start: " + String.join("; ", wrong) + ". Or, for a registry behind "
                + "a gateway that authenticates its callers, set " + SecuritySettings.OPEN + "=true to leave /events, "
                + "/numbers and /internal to whoever reaches the port. See \"Who may ask\" in the README.");
    }
}
