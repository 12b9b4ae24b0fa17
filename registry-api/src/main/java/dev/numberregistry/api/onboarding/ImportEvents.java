package dev.numberregistry.api.onboarding;

import dev.numberregistry.api.intake.EventDocuments;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the NumberImported event of one line of an import file. Its id is derived from the number
 * alone, so a rerun or a resumed run writes the same id again and the registry takes it as the
 * duplicate it is; the envelope is the tool's, and a line that tries to set it is refused.
 *
 * @param source      the sending system named in every event
 * @param asOf        the time the file tells the truth of, for lines that do not give their own occurredAt
 * @param coveredFrom the coverage date of lines that do not give their own; null to require one on every line
 */
public record ImportEvents(String source, Instant asOf, Instant coveredFrom) {

    /** The prefix of every imported number's event id. */
    public static final String EVENT_ID_PREFIX = "import/";

    private static final List<String> ENVELOPE_OF_THE_TOOL = List.of("eventId", "type", "source", "recordedAt");

    public static String eventIdOf(PhoneNumber number) {
        return EVENT_ID_PREFIX + number.e164();
    }

    /** The number of a line, in E.164, if the line can be read and its number is valid. */
    public static Optional<String> numberOf(ImportFormat format, String line) {
        try {
            JsonNode number = format.document(line).get("number");
            return number == null || !number.isString() ? Optional.empty()
                    : Optional.of(PhoneNumber.parse(number.getStringValue()).e164());
        } catch (InvalidEventException | InvalidPhoneNumberException e) {
            return Optional.empty();
        }
    }

    /**
     * @throws InvalidEventException                                       when the line is not a valid import
     * @throws dev.numberregistry.core.number.InvalidPhoneNumberException if its number is not valid
     */
    public NumberEvent eventOf(JsonNode line) {
        if (!line.isObject()) {
            throw new InvalidEventException("a line is one number, as a JSON object");
        }
        Map<String, JsonNode> document = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : line.entries()) {
            if (ENVELOPE_OF_THE_TOOL.contains(field.getKey())) {
                throw new InvalidEventException("field '" + field.getKey() + "' is set by the import tool, not by a "
                        + "line: the event id comes from the number, so that a rerun adds nothing twice");
            }
            document.put(field.getKey(), field.getValue());
        }
        // Named once the number is read (in its E.164 form, however the line wrote it).
        document.put("eventId", JsonNode.createStringNode(EVENT_ID_PREFIX));
        document.put("type", JsonNode.createStringNode("NumberImported"));
        document.put("source", JsonNode.createStringNode(source));
        // As in an event document, null is the same as no value: the run's default stands for it.
        document.compute("occurredAt", (field, value) -> value == null || value.isNull()
                ? JsonNode.createStringNode(asOf.toString()) : value);
        if (coveredFrom != null) {
            document.compute("coveredFrom", (field, value) -> value == null || value.isNull()
                    ? JsonNode.createStringNode(coveredFrom.toString()) : value);
        }
        NumberEvent event = EventDocuments.toDomain(JsonNode.createObjectNode(document), asOf);
        return new NumberEvent(eventIdOf(event.number()), event.number(), event.occurredAt(), event.recordedAt(),
                event.source(), event.payload());
    }
}
