package dev.numberregistry.api.subscription;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery as the Standard Webhooks specification does (www.standardwebhooks.com), so
 * that a bank verifies it with any of that specification's libraries: HMAC-SHA256 of
 * {@code id.timestamp.body}, with the secret's bytes as the key (a {@code whsec_} secret is
 * base64 after its prefix, as those libraries expect), sent as {@code webhook-signature: v1,<base64>}
 * beside {@code webhook-id} and {@code webhook-timestamp}. The timestamp lets the sink refuse a
 * replay of an old delivery.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The value of {@code webhook-signature}. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyOf(secret), ALGORITHM));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static byte[] keyOf(String secret) {
        return secret.startsWith(PREFIX) ? Base64.getDecoder().decode(secret.substring(PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }
}
