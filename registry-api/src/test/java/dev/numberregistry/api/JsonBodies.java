package dev.numberregistry.api;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/** Answers read as the tests look at them: a JSON object as a map. */
public final class JsonBodies {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private JsonBodies() {
    }

    public static Map<String, Object> object(String body) {
        try {
            return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON object: " + body, e);
        }
    }
}
