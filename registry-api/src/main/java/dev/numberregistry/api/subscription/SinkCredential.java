package dev.numberregistry.api.subscription;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * How the registry proves itself to a sink: CAMARA's {@code ACCESSTOKEN} (a bearer token the bank
 * gave, sent as {@code Authorization: Bearer}), or the registry's {@code HMAC} (each delivery
 * signed with a secret the bank chose, as the Standard Webhooks specification signs: see
 * {@link WebhookSignature}).
 */
@Serdeable
public record SinkCredential(String credentialType, String accessToken, Instant accessTokenExpiresUtc,
                             String accessTokenType, String secret) {

    public static final String ACCESS_TOKEN = "ACCESSTOKEN";
    public static final String HMAC = "HMAC";

    public static SinkCredential bearer(String token, Instant expires) {
        return new SinkCredential(ACCESS_TOKEN, token, expires, "bearer", null);
    }

    public static SinkCredential hmac(String secret) {
        return new SinkCredential(HMAC, null, null, null, secret);
    }

    public boolean isHmac() {
        return HMAC.equals(credentialType);
    }
}
