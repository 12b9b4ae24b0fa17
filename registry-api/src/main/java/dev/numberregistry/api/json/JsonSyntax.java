package dev.numberregistry.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.numberregistry.core.Quote;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JSON parser's complaint means, in the words of someone who wrote the JSON: "a value was
 * expected, not '}'" (where, {@link StrictJson} says). The parser's own message is
 * written for its programmers (its token names, its features, its settings, a "Source" of its
 * own) and never reaches a caller: it is only matched against the kinds of mistake below, and a
 * mistake none of them knows is said to be malformed JSON, still with its place.
 */
public final class JsonSyntax {

    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("^Unexpected character \\(.*\\(code (\\d+)\\)\\)");
    private static final Pattern QUOTED_TOKEN = Pattern.compile("token '(.*?)'");
    private static final Pattern QUOTED_FIELD = Pattern.compile("field '(.*?)'");
    private static final Pattern CLOSE_MARKER = Pattern.compile("close marker '(.)'");
    private static final Pattern EXPECTED_MARKER = Pattern.compile("expected '(.)'");

    /** A kind of mistake: recognised by the parser's message, told in the writer's words. */
    private record Mistake(String recognisedBy, Function<String, String> told) {
    }

    private static final List<Mistake> MISTAKES = List.of(
            new Mistake("end-of-input: expected close marker for Object",
                    message -> "the JSON ends inside an object: a '}' is missing"),
            new Mistake("end-of-input: expected close marker for Array",
                    message -> "the JSON ends inside an array: a ']' is missing"),
            new Mistake("closing quote",
                    message -> "the JSON ends inside a string: a closing '\"' is missing"),
            new Mistake("end-of-input in VALUE_STRING",
                    message -> "the JSON ends inside a string: a closing '\"' is missing"),
            new Mistake("end-of-input",
                    message -> "the JSON ends before its value is complete"),
            new Mistake("Unexpected close marker",
                    message -> found(CLOSE_MARKER, message) + (EXPECTED_MARKER.matcher(message).find()
                            ? " was found where " + found(EXPECTED_MARKER, message) + " was expected"
                            : " closes nothing that is open")),
            new Mistake("expected a value",
                    message -> "a value (a string, number, object, array, true, false or null) was expected"
                            + notCharacter(message)),
            new Mistake("was expecting double-quote to start field name",
                    message -> "a field name in double quotes was expected" + notCharacter(message)),
            new Mistake("was expecting a colon",
                    message -> "a ':' was expected after the field name" + notCharacter(message)),
            new Mistake("was expecting comma to separate Object entries",
                    message -> "a ',' or a '}' was expected after the field's value" + notCharacter(message)),
            new Mistake("was expecting comma to separate Array entries",
                    message -> "a ',' or a ']' was expected after the array's value" + notCharacter(message)),
            new Mistake("Non-standard token",
                    message -> found(QUOTED_TOKEN, message) + " is not a JSON number"),
            new Mistake("Unrecognized token",
                    message -> found(QUOTED_TOKEN, message) + " is not a JSON value: text goes in double "
                            + "quotes, and the only words JSON knows are true, false and null"),
            new Mistake("comment",
                    message -> "JSON has no comments"),
            new Mistake("Illegal unquoted character",
                    message -> "a control character (a tab, a line break...) must be escaped inside a string "
                            + "(\\t, \\n, \\u0009...)"),
            new Mistake("hex-digit for character escape",
                    message -> "\\u in a string must be followed by four hexadecimal digits"),
            new Mistake("Unrecognized character escape",
                    message -> "a string holds an unknown escape: the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                            + "and \\u followed by four hexadecimal digits"),
            new Mistake("Leading zeroes",
                    message -> "a number may not start with 0 followed by more digits"),
            new Mistake("in numeric value",
                    message -> "a number is malformed: a digit was expected" + notCharacter(message)),
            new Mistake("Invalid numeric value",
                    message -> "a number is malformed"),
            new Mistake("Duplicate field",
                    message -> "the field " + found(QUOTED_FIELD, message) + " is named twice in one object"),
            new Mistake("Invalid UTF-8",
                    message -> "the text is not UTF-8"),
            new Mistake("Unexpected character",
                    message -> "unexpected " + character(message)));

    private JsonSyntax() {
    }

    /** What is wrong, in the writer's words: {@code a value ... was expected, not '}'}. */
    public static String describe(JsonProcessingException complaint) {
        String message = String.valueOf(complaint.getOriginalMessage());
        if (complaint instanceof StreamConstraintsException) {
            return tooLarge(message);
        }
        for (Mistake mistake : MISTAKES) {
            if (message.contains(mistake.recognisedBy())) {
                return mistake.told().apply(message);
            }
        }
        return "the JSON is malformed";
    }

    /** The limits are the parser's defaults, which the registry keeps. */
    private static String tooLarge(String message) {
        StreamReadConstraints limits = StreamReadConstraints.defaults();
        if (message.contains("nesting depth")) {
            return "arrays and objects are nested more than " + limits.getMaxNestingDepth() + " deep";
        }
        if (message.contains("Number value length")) {
            return "a number is longer than " + limits.getMaxNumberLength() + " characters";
        }
        if (message.contains("String value length")) {
            return "a string is longer than " + limits.getMaxStringLength() + " characters";
        }
        if (message.contains("Name length")) {
            return "a field name is longer than " + limits.getMaxNameLength() + " characters";
        }
        return "a value is larger than the registry reads";
    }

    /** ", not 'x'": the character the parser found instead, if its message names one. */
    private static String notCharacter(String message) {
        return UNEXPECTED_CHARACTER.matcher(message).find() ? ", not " + character(message) : "";
    }

    /** The character the parser's message names by its code: the writer's own, shown as written. */
    private static String character(String message) {
        Matcher matcher = UNEXPECTED_CHARACTER.matcher(message);
        if (!matcher.find()) {
            return "text";
        }
        int code = Integer.parseInt(matcher.group(1));
        return Character.isISOControl(code) || !Character.isValidCodePoint(code)
                ? "control character " + code
                : "'" + new String(Character.toChars(code)) + "'";
    }

    /** The writer's own text the parser's message quotes, in our quotes; "something" if none. */
    private static String found(Pattern quoted, String message) {
        Matcher matcher = quoted.matcher(message);
        return matcher.find() ? Quote.of(matcher.group(1)) : "something";
    }
}
