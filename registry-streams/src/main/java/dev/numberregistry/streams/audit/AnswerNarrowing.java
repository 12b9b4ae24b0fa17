package dev.numberregistry.streams.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The part of an answer that concerns one number. A batch's answer lists a result per number
 * ({@code {"results":[{"phoneNumber":...},...]}}); kept whole under each of its thousand numbers,
 * it would make the index a thousand times the size of the trail. Any array of the answer's top
 * level whose items name a {@code phoneNumber} keeps only that number's items; anything else (a
 * single check's answer, an error) is kept as it is.
 */
final class AnswerNarrowing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerNarrowing() {
    }

    static String toNumber(String answer, String number) {
        if (answer == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            return answer;
        }
        if (!(tree instanceof ObjectNode object)) {
            return answer;
        }
        boolean narrowed = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue() instanceof ArrayNode items && listsNumbers(items)) {
                ArrayNode kept = JSON.createArrayNode();
                items.forEach(item -> {
                    if (number.equals(item.path("phoneNumber").asText(null))) {
                        kept.add(item);
                    }
                });
                field.setValue(kept);
                narrowed = true;
            }
        }
        return narrowed ? object.toString() : answer;
    }

    private static boolean listsNumbers(ArrayNode items) {
        for (JsonNode item : items) {
            if (item.has("phoneNumber")) {
                return true;
            }
        }
        return false;
    }
}
