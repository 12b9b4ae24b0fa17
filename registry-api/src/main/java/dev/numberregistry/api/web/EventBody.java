package dev.numberregistry.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.numberregistry.api.intake.EventIntake;
import dev.numberregistry.api.intake.PostedDocument;
import dev.numberregistry.api.json.StrictJson;
import dev.numberregistry.api.json.UnreadableJsonException;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
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

    private EventBody() {
    }

    /** @throws EventController.BadSubmissionException when the body is not one event or one batch */
    static List<PostedDocument> read(byte[] body) {
        try {
            return StrictJson.read(body, parser -> documents(parser, body));
        } catch (UnreadableJsonException e) {
            throw bad(e.getMessage());
        }
    }

    private static List<PostedDocument> documents(JsonParser parser, byte[] body) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw bad("the body is empty: send one event as a JSON object, or a batch as a JSON array");
        }
        List<PostedDocument> documents = new ArrayList<>();
        if (first == JsonToken.START_ARRAY) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (documents.size() == EventIntake.MAX_EVENTS_PER_REQUEST) {
                    throw bad("a batch holds at most " + EventIntake.MAX_EVENTS_PER_REQUEST + " events; split it");
                }
                documents.add(document(parser, body));
            }
            if (documents.isEmpty()) {
                throw bad("the batch is empty");
            }
        } else {
            documents.add(document(parser, body));
        }
        StrictJson.whereSomethingFollows(parser, body).ifPresent(where -> {
            throw bad("the body holds more than one JSON value (something follows the "
                    + (first == JsonToken.START_ARRAY ? "batch" : "event") + " at " + where
                    + "); send one event or one batch");
        });
        return documents;
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
