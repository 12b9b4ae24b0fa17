package dev.numberregistry.api.json;

import dev.numberregistry.core.Quote;
import io.micronaut.json.tree.JsonNode;

/** What a JSON value is, for a message about it: its kind, and the value itself when it is short. */
public final class JsonKinds {

    private JsonKinds() {
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
