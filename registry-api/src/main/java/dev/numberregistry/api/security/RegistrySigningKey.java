package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's own key, beside the keys an operator configures
 * ({@code micronaut.security.token.jwt.signatures.*}), which Micronaut Security trusts too.
 *
 * <p>With development tokens on, it is a random HS256 secret made at start-up: tokens signed with
 * it verify until the registry stops, and {@code POST /dev/tokens} mints them. Otherwise it
 * verifies nothing. It exists in both cases, because with no signature configuration at all
 * Micronaut Security would accept <em>unsigned</em> tokens ({@code "alg":"none"}): a registry on a
 * cluster with no key configured must turn everyone away, and does.
 */
@Context
final class RegistrySigningKey implements SignatureConfiguration {

    static final String ISSUER = "number-registry-dev";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySigningKey.class);

    private final Optional<byte[]> devKey;

    RegistrySigningKey(PropertyResolver properties) {
        TokenKeys keys = TokenKeys.of(properties);
        this.devKey = keys.devTokens() ? Optional.of(Hs256Tokens.randomSecret()) : Optional.empty();
        if (keys.devTokens()) {
            LOG.info("Development tokens: POST /dev/tokens mints bearer tokens for every endpoint, signed with a "
                    + "random key made at start-up (they stop working when the registry stops){}",
                    keys.embedded() ? "" : ". registry.security.dev-tokens=enabled: never do this in production");
        } else if (!keys.keyConfigured()) {
            LOG.warn("No token signing key is configured ({}.secret.<name>.secret or {}.jwks.<name>.url): the CAMARA "
                    + "endpoints (/number-recycling, /sim-swap){} answer 401 to every request. See \"Who may ask\" "
                    + "in the README.", TokenKeys.SIGNATURES, TokenKeys.SIGNATURES,
                    keys.open() ? "" : ", /events and /numbers");
        }
    }

    /** A token for {@code subject} with these scopes, signed with the development key. */
    String mint(String subject, List<String> scopes, Instant issuedAt, Instant expiresAt) {
        try {
            return Hs256Tokens.sign(key(), subject, scopes, issuedAt, expiresAt, ISSUER, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }

    /** These claims, signed with the development key. */
    String sign(JWTClaimsSet claims) {
        try {
            return Hs256Tokens.sign(key(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }

    private byte[] key() {
        return devKey.orElseThrow(() -> new IllegalStateException("development tokens are off"));
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return devKey.isPresent() ? "Only the HS256 algorithm is supported" : "No algorithm is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return devKey.isPresent() && JWSAlgorithm.HS256.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) {
        return devKey.isPresent() && Hs256Tokens.verify(devKey.get(), jwt);
    }
}
