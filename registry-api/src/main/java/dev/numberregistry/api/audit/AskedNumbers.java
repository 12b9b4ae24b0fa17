package dev.numberregistry.api.audit;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The numbers a CAMARA request asks about, read from its body as the caller wrote them: every
 * {@code phoneNumber} at any depth (a check's, each of a batch's {@code checks}, each of a
 * watchlist page's {@code numbers}) and every text of a {@code phoneNumbers} array. Read from the
 * JSON rather than from what an operation understood, so that an operation added later is audited
 * without telling the trail anything, and a request the operation refused still names what it asked.
 */
final class AskedNumbers {

    private static final String PHONE_NUMBER = "phoneNumber";
    private static final String PHONE_NUMBERS = "phoneNumbers";

    private AskedNumbers() {
    }

    /** Each number once, in the order first named; none when the body is absent or not JSON. */
    static List<String> in(byte[] body, JsonMapper json) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Set<String> numbers = new LinkedHashSet<>();
        collect(tree, numbers);
        return new ArrayList<>(numbers);
    }

    private static void collect(JsonNode node, Set<String> numbers) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.values().forEach(item -> collect(item, numbers));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.entries()) {
                JsonNode value = field.getValue();
                if (PHONE_NUMBER.equals(field.getKey()) && value.isString()) {
                    numbers.add(value.getStringValue());
                } else if (PHONE_NUMBERS.equals(field.getKey()) && value.isArray()) {
                    value.values().forEach(item -> {
                        if (item.isString()) {
                            numbers.add(item.getStringValue());
                        }
                    });
                } else {
                    collect(value, numbers);
                }
            }
        }
    }
}
