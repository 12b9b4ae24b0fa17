package dev.numberregistry.api.docs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the README says a command prints, and whether it did. In the README, {@code ...} stands for
 * what differs from run to run, and an object shows the fields that matter: an answer matches when
 * it has those fields with those values (more fields are fine); an array must have as many
 * elements, each matching; a line of text must be printed whole. The expected outputs of one
 * example must come in their order.
 */
sealed interface ExpectedOutput {

    ObjectMapper JSON = new ObjectMapper();
    String ANYTHING = "...";

    /** A JSON value the command prints. */
    record Json(JsonNode value) implements ExpectedOutput {
        @Override
        public boolean matches(Printed printed) {
            return printed instanceof Printed.JsonValue json && ExpectedOutput.matches(value, json.value());
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** A line the command prints. */
    record Line(String text) implements ExpectedOutput {
        @Override
        public boolean matches(Printed printed) {
            return printed instanceof Printed.TextLine line && wildcard(text).matcher(line.text().strip()).matches();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    boolean matches(Printed printed);

    /** What of {@code expected} the output does not have, each after the one before. */
    static List<ExpectedOutput> missingFrom(String output, List<ExpectedOutput> expected) {
        List<Printed> printed = Printed.of(output);
        List<ExpectedOutput> missing = new ArrayList<>();
        int next = 0;
        for (ExpectedOutput one : expected) {
            int found = -1;
            for (int i = next; i < printed.size() && found < 0; i++) {
                if (one.matches(printed.get(i))) {
                    found = i;
                }
            }
            if (found < 0) {
                missing.add(one);
            } else {
                next = found + 1;
            }
        }
        return missing;
    }

    /** What a command printed, cut into JSON values (printed back to back or on lines of their own) and lines. */
    sealed interface Printed {
        record JsonValue(JsonNode value) implements Printed {
        }

        record TextLine(String text) implements Printed {
        }

        static List<Printed> of(String output) {
            List<Printed> printed = new ArrayList<>();
            int at = 0;
            while (at < output.length()) {
                char c = output.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                    continue;
                }
                if (c == '{' || c == '[') {
                    Map.Entry<JsonNode, Integer> value = firstValue(output.substring(at));
                    if (value != null) {
                        printed.add(new JsonValue(value.getKey()));
                        at += value.getValue();
                        continue;
                    }
                }
                int end = output.indexOf('\n', at);
                end = end < 0 ? output.length() : end;
                printed.add(new TextLine(output.substring(at, end).strip()));
                at = end;
            }
            return printed;
        }
    }

    /** The JSON value at the start of {@code text} and how many characters it took, or null if there is none. */
    static Map.Entry<JsonNode, Integer> firstValue(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode value = JSON.readTree(parser);
            if (value == null) {
                return null;
            }
            return Map.entry(value, (int) parser.currentLocation().getCharOffset());
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(JsonNode expected, JsonNode actual) {
        if (expected.isTextual() && expected.textValue().equals(ANYTHING)) {
            return true;
        }
        if (expected.isTextual() && expected.textValue().contains(ANYTHING)) {
            return actual.isValueNode() && wildcard(expected.textValue()).matcher(actual.asText()).matches();
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!actual.has(field.getKey()) || !matches(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!matches(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isNumber()) {
            return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    /** {@code text} as a pattern in which {@code ...} stands for anything. */
    static Pattern wildcard(String text) {
        String[] parts = text.split(Pattern.quote(ANYTHING), -1);
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                pattern.append(".*");
            }
            pattern.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(pattern.toString(), Pattern.DOTALL);
    }
}
