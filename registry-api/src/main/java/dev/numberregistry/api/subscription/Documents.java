package dev.numberregistry.api.subscription;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of the documents the subscription topics hold. */
@Singleton
class Documents {

    private final JsonMapper json;

    Documents(JsonMapper json) {
        this.json = json;
    }

    byte[] write(Object document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document.getClass().getSimpleName(), e);
        }
    }

    <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, Argument.of(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
