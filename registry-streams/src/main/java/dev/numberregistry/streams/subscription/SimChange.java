package dev.numberregistry.streams.subscription;

import java.time.Instant;

/**
 * A SIM change as the deliveries topic carries it for a subscription: {@code +14155550199 2030-06-05T09:00:00Z},
 * marked by a header so that the dispatcher tells it from a recycle notification.
 */
public record SimChange(String number, Instant changedAt) {

    public static final String HEADER = "registry-delivery-kind";
    public static final String KIND = "sim-change";

    static String encode(String number, Instant changedAt) {
        return number + " " + changedAt;
    }

    /** @throws IllegalArgumentException when the text is not a SIM change */
    public static SimChange decode(String text) {
        int space = text == null ? -1 : text.indexOf(' ');
        if (space < 1) {
            throw new IllegalArgumentException("a SIM change is 'number instant', not '" + text + "'");
        }
        return new SimChange(text.substring(0, space), Instant.parse(text.substring(space + 1)));
    }
}
