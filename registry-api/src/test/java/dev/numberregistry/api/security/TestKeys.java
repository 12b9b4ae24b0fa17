package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys and tokens of the security tests: an operator's HMAC secret, an identity provider's RSA key. */
final class TestKeys {

    /** What an operator would configure as micronaut.security.token.jwt.signatures.secret.validation.secret. */
    static final String OPERATOR_SECRET = "an-operator-secret-of-at-least-32-characters";

    /** The identity provider's key pair; its public half is served as a JWKS by {@link Jwks}. */
    static final RSAKey IDP_KEY = generateRsaKey();

    private TestKeys() {
    }

    private static RSAKey generateRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet claims(String subject, Duration validFor, String... scopes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor)));
        if (scopes.length > 0) {
            claims.claim("scope", String.join(" ", List.of(scopes)));
        }
        return claims.build();
    }

    static String hs256(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code "alg":"none"}: no signature at all. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** The identity provider's JWKS endpoint, served by the test registry itself: no network needed. */
    @Requires(env = WhoMayAskTest.ENVIRONMENT)
    @Controller("/test-idp")
    @Secured(SecurityRule.IS_ANONYMOUS)
    static class Jwks {
        @Get("/jwks.json")
        @Produces(MediaType.APPLICATION_JSON)
        String jwks() {
            return new JWKSet(IDP_KEY.toPublicJWK()).toString();
        }
    }
}
