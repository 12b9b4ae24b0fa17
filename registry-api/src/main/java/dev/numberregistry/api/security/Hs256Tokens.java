package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** A bearer token signed HS256 with a shared secret: what the operator's tool and the instances issue. */
final class Hs256Tokens {

    private Hs256Tokens() {
    }

    /**
     * A token for {@code subject} with these scopes, from {@code issuedAt} to {@code expiresAt}, with
     * an issuer and an audience if given.
     *
     * @throws JOSEException if the secret cannot sign (shorter than 256 bits)
     */
    static String sign(byte[] secret, String subject, List<String> scopes, Instant issuedAt, Instant expiresAt,
                       @Nullable String issuer, @Nullable String audience) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
