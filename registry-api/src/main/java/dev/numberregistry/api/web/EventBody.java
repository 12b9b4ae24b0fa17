package dev.numberregistry.api.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.numberregistry.api.intake.EventIntake;
import dev.numberregistry.api.intake.PostedDocument;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the body of {@code POST /events}: exactly one JSON value, either one event (an object)
 * or a batch (an array of up to {@link EventIntake#MAX_EVENTS_PER_REQUEST}). Anything after that
 * value, a field named twice in an object, or malformed JSON refuses the whole request: it is not
 * clear what the sender meant, and taking part of it would silently drop the rest.
 */
final class EventBody {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventBody() {
    }

    /** @throws EventController.BadSubmissionException when the body is not one event or one batch */
    static List<PostedDocument> read(byte[] body) {
        if (!isUtf8(body)) {
            throw bad("the body is not UTF-8 text: send JSON in UTF-8");
        }
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw bad("the body is empty: send one event as a JSON object, or a batch as a JSON array");
            }
            List<PostedDocument> documents = new ArrayList<>();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (documents.size() == EventIntake.MAX_EVENTS_PER_REQUEST) {
                        throw bad("a batch holds at most " + EventIntake.MAX_EVENTS_PER_REQUEST
                                + " events; split it");
                    }
                    documents.add(document(parser, body));
                }
                if (documents.isEmpty()) {
                    throw bad("the batch is empty");
                }
            } else {
                documents.add(document(parser, body));
            }
            if (parser.nextToken() != null) {
                throw bad("the body holds more than one JSON value (something follows the "
                        + (first == JsonToken.START_ARRAY ? "batch" : "event") + " at line "
                        + parser.currentTokenLocation().getLineNr() + ", column "
                        + parser.currentTokenLocation().getColumnNr() + "); send one event or one batch");
            }
            return documents;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw bad("the body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            // The body is in memory: anything Jackson reports reading it is about its content.
            throw bad("the body is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * JSON on the wire is UTF-8 (RFC 8259); Jackson would also guess UTF-16 or UTF-32 from the
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

    /** The value the parser stands on, with its bytes as they came. */
    private static PostedDocument document(JsonParser parser, byte[] body) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonNode json = JsonNodeTreeCodec.getInstance().readTree(parser);
        int end = (int) parser.currentLocation().getByteOffset();
        return new PostedDocument(json, Arrays.copyOfRange(body, start, end));
    }

    private static EventController.BadSubmissionException bad(String message) {
        return new EventController.BadSubmissionException(message);
    }
}
