package dev.numberregistry.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads request bodies strictly, so that nothing is taken as something other than what was sent:
 * UTF-8 only, a field named twice is refused, and so is anything after the one value a body
 * holds. Every refusal is an {@link UnreadableJsonException} that says where and what in the
 * caller's terms ({@link JsonSyntax}).
 */
public final class StrictJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** What is done with the parser of a body. */
    @FunctionalInterface
    public interface Reading<T> {
        T from(JsonParser parser) throws IOException;
    }

    /**
     * Reads the body with a parser of its own: a body that is not UTF-8, or that the parser finds
     * malformed, is refused with where and what.
     */
    public static <T> T read(byte[] body, Reading<T> reading) {
        if (!isUtf8(body)) {
            throw new UnreadableJsonException("the body is not UTF-8 text: send JSON in UTF-8");
        }
        JsonParser parser = null;
        try {
            parser = JSON.createParser(body);
            T read = reading.from(parser);
            parser.close();
            return read;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation()
                    : parser == null ? JsonLocation.NA : parser.currentLocation();
            throw new UnreadableJsonException("the body is not valid JSON at " + where(body, at) + ": "
                    + JsonSyntax.describe(e));
        } catch (IOException e) {
            // The body is in memory: whatever the parser reports reading it is about its content.
            throw new UnreadableJsonException("the body is not valid JSON");
        }
    }

    /** The body's one JSON value. */
    public static JsonNode readOne(byte[] body) {
        return read(body, parser -> {
            if (parser.nextToken() == null) {
                throw new UnreadableJsonException("the body is empty: send one JSON value");
            }
            JsonNode value = JsonNodeTreeCodec.getInstance().readTree(parser);
            whereSomethingFollows(parser, body).ifPresent(where -> {
                throw new UnreadableJsonException("the body holds more than one JSON value: something follows the "
                        + "first at " + where + "; send one");
            });
            return value;
        });
    }

    /** Where something follows the value the parser has read in the body, if anything does. */
    public static Optional<String> whereSomethingFollows(JsonParser parser, byte[] body) {
        JsonLocation at;
        try {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            at = parser.currentTokenLocation();
        } catch (JsonProcessingException e) {
            at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        } catch (IOException e) {
            at = parser.currentLocation();
        }
        return Optional.of(where(body, at));
    }

    /**
     * "line 2, column 7": counted in characters, as an editor shows them (the parser counts a
     * column in bytes, which differs after any character outside ASCII), after a byte order mark.
     */
    static String where(byte[] body, JsonLocation at) {
        long offset = at.getByteOffset();
        if (offset < 0 || offset > body.length) {
            return "line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        String before = new String(body, 0, (int) offset, StandardCharsets.UTF_8);
        int line = 1;
        int lineStart = before.startsWith("\uFEFF") ? 1 : 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            boolean crlf = c == '\r' && i + 1 < before.length() && before.charAt(i + 1) == '\n';
            if (c == '\n' || (c == '\r' && !crlf)) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = before.codePointCount(lineStart, before.length()) + 1;
        return "line " + line + ", column " + column;
    }

    /**
     * JSON on the wire is UTF-8 (RFC 8259); the parser would also guess UTF-16 or UTF-32 from the
     * first bytes, and a document's bytes, which a rejection keeps, would then not be its text.
     */
    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return false;
        }
        // UTF-16 and UTF-32 of ASCII text decode as UTF-8 too, with NUL bytes, which JSON text never has.
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }
}
