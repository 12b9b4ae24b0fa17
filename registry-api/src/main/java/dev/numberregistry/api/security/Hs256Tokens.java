package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.numberregistry.api.config.SecuritySettings;
import io.micronaut.core.annotation.Nullable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Bearer tokens signed HS256 with a shared secret: what the operator's tool, the development key
 * and the instances issue, and how the registry's own keys verify them.
 */
final class Hs256Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Hs256Tokens() {
    }

    /** A secret of its own for a key that lives as long as the registry runs. */
    static byte[] randomSecret() {
        byte[] secret = new byte[SecuritySettings.MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /**
     * A token for {@code subject} with these scopes (no {@code scope} claim when there are none),
     * from {@code issuedAt} to {@code expiresAt}, with an issuer and an audience if given.
     *
     * @throws JOSEException if the secret cannot sign (shorter than 256 bits)
     */
    static String sign(byte[] secret, String subject, List<String> scopes, Instant issuedAt, Instant expiresAt,
                       @Nullable String issuer, @Nullable String audience) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        return sign(secret, claims.build());
    }

    /** These claims, signed. */
    static String sign(byte[] secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** Whether the token is HS256 and this secret signed it. */
    static boolean verify(byte[] secret, SignedJWT jwt) {
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            return jwt.verify(new MACVerifier(secret));
        } catch (JOSEException e) {
            return false;
        }
    }
}
