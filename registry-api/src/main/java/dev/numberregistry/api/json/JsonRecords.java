package dev.numberregistry.api.json;

import dev.numberregistry.core.Quote;
import io.micronaut.json.tree.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes a request record of a JSON object as strictly as events are read: each field must have
 * its component's JSON type (text a string, a count a whole number, a list an array), nothing is
 * converted into it, and a refusal names the field ({@code checks[2].phoneNumber}). A field the
 * record does not have is left aside, as the CAMARA contracts allow. A component of type
 * {@link JsonNode} takes its value as it is, for the caller to read on its own.
 */
public final class JsonRecords {


    private JsonRecords() {
    }

    /** @throws UnreadableJsonException when the JSON is not an object of the record's fields */
    public static <R extends Record> R read(JsonNode json, Class<R> type) {
        return read(json, type, "");
    }

    private static <R> R read(JsonNode json, Class<R> type, String path) {
        if (!json.isObject()) {
            throw new UnreadableJsonException((path.isEmpty() ? "the body" : field(path)) + " must be a JSON object, not " + JsonKinds.of(json));
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            values[i] = value(json.get(name), components[i].getGenericType(), path.isEmpty() ? name : path + "." + name);
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    private static Object value(JsonNode json, Type type, String path) {
        if (type == JsonNode.class) {
            return json;
        }
        if (json == null || json.isNull()) {
            return null;
        }
        if (type == String.class) {
            if (!json.isString()) {
                throw new UnreadableJsonException(field(path) + " must be a JSON string, not " + JsonKinds.of(json));
            }
            return json.getStringValue();
        }
        if (type == Long.class) {
            return wholeNumber(json, path);
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!json.isArray()) {
                throw new UnreadableJsonException(field(path) + " must be a JSON array, not " + JsonKinds.of(json));
            }
            Type elementType = list.getActualTypeArguments()[0];
            List<Object> elements = new ArrayList<>();
            for (JsonNode element : json.values()) {
                String elementPath = path + "[" + elements.size() + "]";
                if (element.isNull() && elementType != JsonNode.class) {
                    throw new UnreadableJsonException(field(elementPath) + " may not be null");
                }
                elements.add(value(element, elementType, elementPath));
            }
            return elements;
        }
        if (type instanceof Class<?> nested && nested.isRecord()) {
            return read(json, nested, path);
        }
        throw new IllegalArgumentException("a request record has a component of a type JSON is not read as: " + type);
    }

    private static long wholeNumber(JsonNode json, String path) {
        BigInteger whole = JsonKinds.wholeNumber(json).orElseThrow(() ->
                new UnreadableJsonException(field(path) + " " + JsonKinds.notAWholeNumber(json)));
        if (whole.bitLength() >= Long.SIZE) {
            throw new UnreadableJsonException(field(path) + " " + Quote.of(whole.toString())
                    + " is out of range");
        }
        return whole.longValue();
    }

    private static String field(String path) {
        return "the field " + path;
    }
}
