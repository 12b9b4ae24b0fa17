package dev.numberregistry.api.security;

import dev.numberregistry.api.config.SecuritySettings;
import dev.numberregistry.api.config.SecuritySettings.DevTokens;
import io.micronaut.core.value.PropertyResolver;

/**
 * Which keys this registry trusts, decided from the configuration alone: the keys configured under
 * {@code micronaut.security.token.jwt.signatures} (an HMAC secret, a JWKS URL, a static JWKS), and
 * possibly a random development key of its own.
 *
 * @param devTokens     whether this registry makes a random key at start-up and mints tokens with it
 * @param keyConfigured whether an operator configured a signing key or JWKS
 * @param embedded      whether the registry runs on its embedded broker
 */
record TokenKeys(boolean devTokens, boolean keyConfigured, boolean embedded) {

    static final String SIGNATURES = "micronaut.security.token.jwt.signatures";
    static final String BOOTSTRAP_SERVERS = "registry.kafka.bootstrap-servers";

    static TokenKeys decide(DevTokens mode, boolean keyConfigured, boolean embedded) {
        boolean devTokens = switch (mode) {
            case ENABLED -> true;
            case DISABLED -> false;
            case AUTO -> embedded && !keyConfigured;
        };
        return new TokenKeys(devTokens, keyConfigured, embedded);
    }

    static TokenKeys of(PropertyResolver properties) {
        DevTokens mode = DevTokens.parse(properties.getProperty(SecuritySettings.DEV_TOKENS, String.class).orElse(null));
        boolean embedded = properties.getProperty(BOOTSTRAP_SERVERS, String.class).filter(s -> !s.isBlank()).isEmpty();
        return decide(mode, properties.containsProperties(SIGNATURES), embedded);
    }
}
