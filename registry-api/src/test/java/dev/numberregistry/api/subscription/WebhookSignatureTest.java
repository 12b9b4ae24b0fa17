package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsAsTheStandardWebhooksSpecificationsOwnExample() {
        // The example of the Standard Webhooks specification and its libraries' tests.
        String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsBytes() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.sign("a-secret-of-at-least-thirty-two-characters", "id", 1, body))
                .isNotEqualTo(WebhookSignature.sign("a-secret-of-at-least-thirty-two-characterz", "id", 1, body))
                .isNotEqualTo(WebhookSignature.sign("a-secret-of-at-least-thirty-two-characters", "id", 2, body))
                .startsWith("v1,");
    }
}
