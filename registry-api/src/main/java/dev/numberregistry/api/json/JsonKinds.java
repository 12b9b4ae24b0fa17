package dev.numberregistry.api.json;

import dev.numberregistry.core.Quote;
import io.micronaut.json.tree.JsonNode;
import java.math.BigInteger;
import java.util.Optional;

/** What a JSON value is, for a message about it: its kind, and the value itself when it is short. */
public final class JsonKinds {

    private JsonKinds() {
    }

    /**
     * The value as a whole number, if it is one as JSON writes it: digits, no fraction and no
     * exponent ({@code 12.99}, {@code 1e3} and {@code "12"} are not).
     */
    public static Optional<BigInteger> wholeNumber(JsonNode value) {
        Number number = value.isNumber() ? value.getNumberValue() : null;
        if (number instanceof BigInteger big) {
            return Optional.of(big);
        }
        if (number instanceof Integer || number instanceof Long) {
            return Optional.of(BigInteger.valueOf(number.longValue()));
        }
        return Optional.empty();
    }

    /** Why the value is no whole number, for a message that names the field before it. */
    public static String notAWholeNumber(JsonNode value) {
        return "must be a whole JSON number (no fraction, no exponent), not " + of(value);
    }

    public static String of(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isBoolean()) {
            return "the boolean " + value.getBooleanValue();
        }
        if (value.isNumber()) {
            return "the number " + Quote.of(value.getNumberValue().toString());
        }
        if (value.isString()) {
            return "the string " + Quote.of(value.getStringValue());
        }
        return "null";
    }
}
