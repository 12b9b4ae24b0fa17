package dev.numberregistry.api.subscription;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record of the deliveries topic that is not a notification but an order about the
 * subscription, put among its deliveries so that it takes effect in their order: end it (after
 * what came before it), or resume it. Told apart by a header; a notification has none.
 */
@Serdeable
record DeliveryControl(String action, @Nullable String reason, @Nullable String description) {

    static final String HEADER = "registry-delivery-control";
    static final String END = "end";
    static final String RESUME = "resume";

    static DeliveryControl end(String reason, String description) {
        return new DeliveryControl(END, reason, description);
    }

    static DeliveryControl resume() {
        return new DeliveryControl(RESUME, null, null);
    }

    static boolean isControl(Headers headers) {
        return headers.lastHeader(HEADER) != null;
    }

    static Optional<String> actionOf(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    boolean ends() {
        return END.equals(action);
    }
}
