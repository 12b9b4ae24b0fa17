package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import dev.numberregistry.api.query.PeerCredentials;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How the instances of one registry trust each other: each signs its requests to the others'
 * internal endpoints with a short-lived token (scope {@link RegistryScopes#INTERNAL}) made with the
 * secret they share ({@code registry.security.internal-secret}), and trusts such tokens signed
 * with it. On the embedded default with no secret configured there is one instance, and the
 * secret is random.
 *
 * <p>The tokens carry the issuer and audience that the registry checks callers' tokens for
 * ({@code micronaut.security.token.jwt.claims-validators}), so that they pass those checks too.
 */
@Singleton
final class InstanceKey implements SignatureConfiguration, PeerCredentials {

    static final String SUBJECT = "number-registry-instance";
    private static final String CLAIMS_VALIDATORS = "micronaut.security.token.jwt.claims-validators";
    private static final Duration VALIDITY = Duration.ofMinutes(5);
    /** A token is made again when less than this is left of it: a request in flight never carries an expired one. */
    private static final Duration RENEW_BEFORE_END = Duration.ofMinutes(2);

    private final byte[] secret;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private String token;
    private Instant tokenEnds = Instant.EPOCH;

    InstanceKey(PropertyResolver properties, Clock clock) {
        this.secret = TokenKeys.of(properties).internalSecret().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(Hs256Tokens::randomSecret);
        this.clock = clock;
        this.issuer = properties.getProperty(CLAIMS_VALIDATORS + ".issuer", String.class).orElse(null);
        this.audience = properties.getProperty(CLAIMS_VALIDATORS + ".audience", String.class).orElse(null);
    }

    @Override
    public synchronized String authorization() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isAfter(tokenEnds.minus(RENEW_BEFORE_END))) {
            tokenEnds = now.plus(VALIDITY);
            token = mint(now, tokenEnds);
        }
        return "Bearer " + token;
    }

    private String mint(Instant issuedAt, Instant expiresAt) {
        try {
            return Hs256Tokens.sign(secret, SUBJECT, List.of(RegistryScopes.INTERNAL), issuedAt, expiresAt, issuer, audience);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token for the other instances", e);
        }
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Only the HS256 algorithm is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return JWSAlgorithm.HS256.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) {
        return Hs256Tokens.verify(secret, jwt);
    }
}
