package dev.numberregistry.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.json.tree.JsonNode;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random and mangled event documents, read as the HTTP intake reads them: each is either refused
 * with a reason that names what is wrong, or taken exactly as sent, field by field. Nothing
 * else escapes (an exception of another kind would be a 500).
 */
class EventDocumentsProperties {

    private static final Instant RECEIVED = Instant.parse("2030-06-01T00:00:00Z");
    private static final Set<String> TEXT_FIELDS = Set.of("eventId", "source", "subscriberRef", "currency", "note",
            "flagId", "raisedBy", "clearedBy", "planType", "kind", "severity", "reason", "type", "recipient", "donor");
    private static final Set<String> INSTANT_FIELDS = Set.of("occurredAt", "recordedAt", "validUntil", "tenureStart");
    private static final List<String> FIELDS = List.of("eventId", "number", "type", "occurredAt", "recordedAt",
            "source", "subscriberRef", "planType", "validUntil", "amountMinorUnits", "currency", "reason", "note",
            "flagId", "kind", "severity", "raisedBy", "clearedBy", "tenureStart", "recipient", "donor");

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void everyDocumentIsTakenAsSentOrRefusedWithAReason(@ForAll("documents") Map<String, String> fields) {
        String text = render(fields);
        JsonNode document = EventDocumentsTest.json(text);
        NumberEvent event;
        try {
            event = EventDocuments.toDomain(document, RECEIVED);
        } catch (InvalidEventException | InvalidPhoneNumberException refused) {
            Statistics.label("outcome").collect("refused");
            coverage();
            String reason = refused.getMessage();
            assertThat(reason).as(text).isNotBlank().hasSizeLessThan(1000);
            boolean namesWhatIsWrong = refused instanceof InvalidPhoneNumberException
                    ? reason.contains(" is not a valid phone number: ")
                    : FIELDS.stream().anyMatch(field -> reason.startsWith(field + " "))
                            || reason.startsWith("field '") || reason.startsWith("an event is a JSON object");
            assertThat(namesWhatIsWrong).as("the reason starts with the field it is about: " + reason).isTrue();
            return;
        }
        Statistics.label("outcome").collect("taken");
        coverage();
        // Through the wire format too, as the event log keeps it.
        EventDocument stored = EventDocuments.fromDomain(throughTheLog(event));
        document.entries().forEach(field -> {
            if (!field.getValue().isNull()) {
                assertTakenAsSent(field.getKey(), field.getValue(), stored, event);
            }
        });
    }

    private static NumberEvent throughTheLog(NumberEvent event) {
        RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
        byte[] logged = serdes.events().serializer().serialize("number-events", EventMapping.toWire(event));
        return EventMapping.toDomain(serdes.events().deserializer().deserialize("number-events", logged));
    }

    /** Both outcomes often enough that neither claim is tested vacuously. */
    private static void coverage() {
        Statistics.label("outcome").coverage(checker -> {
            checker.check("taken").percentage(percent -> percent > 10);
            checker.check("refused").percentage(percent -> percent > 10);
        });
    }

    private static void assertTakenAsSent(String name, JsonNode sent, EventDocument stored, NumberEvent event) {
        Object kept = component(stored, name);
        if (TEXT_FIELDS.contains(name)) {
            assertThat(kept).as(name).isEqualTo(sent.getStringValue());
        } else if (INSTANT_FIELDS.contains(name)) {
            assertThat(kept).as(name).isEqualTo(OffsetDateTime.parse(sent.getStringValue()).toInstant());
        } else if (name.equals("amountMinorUnits")) {
            assertThat(BigInteger.valueOf((Long) kept)).as(name).isEqualTo(new BigInteger(sent.getNumberValue().toString()));
        } else if (name.equals("number")) {
            assertThat(event.number()).isEqualTo(PhoneNumber.parse(sent.getStringValue()));
        }
    }

    private static Object component(EventDocument document, String name) {
        for (RecordComponent component : EventDocument.class.getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return component.getAccessor().invoke(document);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("no field " + name);
    }

    /**
     * Field name to its JSON text, in order: a valid event of a type that has the field aimed at,
     * that field then given a value of another kind, out of range, or none, and sometimes more
     * mistakes besides. Aiming at each field in turn makes every field's mistakes common.
     */
    @Provide
    Arbitrary<Map<String, String>> documents() {
        return Arbitraries.of(FIELDS).flatMap(target -> {
            // NumberImported has nested objects: EventDocumentsTest reads it from examples.
            List<String> types = EventDocuments.TYPES.stream()
                    .filter(type -> FIELDS.containsAll(EventDocuments.PAYLOAD_FIELDS.get(type)))
                    .filter(type -> EventDocuments.ENVELOPE.contains(target)
                            || EventDocuments.PAYLOAD_FIELDS.get(type).contains(target))
                    .toList();
            return Combinators.combine(Arbitraries.of(types), targetValue(target),
                    Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3))))
                    .flatAs((type, value, more) -> {
                        Map<String, String> fields = validEvent(type);
                        if (value.isEmpty()) {
                            fields.remove(target);
                        } else {
                            fields.put(target, value.get());
                        }
                        return mistakes(fields, more);
                    });
        });
    }

    /** What the field aimed at is given: empty to leave it out. */
    private static Arbitrary<java.util.Optional<String>> targetValue(String field) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(goodValue(field))),
                net.jqwik.api.Tuple.of(4, wrongValueFor(field)),
                net.jqwik.api.Tuple.of(2, anyJson()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("null"))).map(java.util.Optional::of)
                .injectNull(0.05).map(value -> value == null ? java.util.Optional.<String>empty() : value);
    }

    private static Map<String, String> validEvent(String type) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", string("e-1"));
        fields.put("number", string("+14155552671"));
        fields.put("type", string(type));
        fields.put("occurredAt", string("2030-01-01T00:00:00Z"));
        fields.put("source", string("billing"));
        for (String field : EventDocuments.PAYLOAD_FIELDS.get(type)) {
            fields.put(field, goodValue(field));
        }
        return fields;
    }

    private Arbitrary<Map<String, String>> mistakes(Map<String, String> fields, int count) {
        if (count == 0) {
            return Arbitraries.just(fields);
        }
        Arbitrary<String> field = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(new ArrayList<>(fields.keySet()))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(FIELDS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)));
        return field.flatMap(name -> targetValue(name).flatMap(value -> {
            Map<String, String> changed = new LinkedHashMap<>(fields);
            if (value.isEmpty()) {
                changed.remove(name);
            } else {
                changed.put(name, value.get());
            }
            return mistakes(changed, count - 1);
        }));
    }

    /** A value of the right kind for the field, sometimes at or just past its limits. */
    private static String goodValue(String field) {
        return switch (field) {
            case "number" -> string("+44 7911 123456");
            case "occurredAt", "recordedAt", "validUntil" -> string("2031-02-03T04:05:06.789+02:00");
            // Before the valid event's occurredAt: a tenure cannot begin after its port-in.
            case "tenureStart" -> string("2029-02-03T04:05:06.789+02:00");
            case "amountMinorUnits" -> "1299";
            case "currency" -> string("EUR");
            case "planType" -> string("PREPAID");
            case "kind" -> string("FRAUD");
            case "severity" -> string("HIGH");
            case "reason" -> string("APPEAL_UPHELD");
            case "note" -> string("überprüft \\u20ac \\\"quoted\\\"");
            case "type" -> string("GraceExpired");
            default -> string("ref-" + field.length());
        };
    }

    /** A value of the wrong kind, or just out of range, for the field: what a careless sender makes of it. */
    private static Arbitrary<String> wrongValueFor(String field) {
        if (field.equals("amountMinorUnits")) {
            return Arbitraries.of("12.99", "12.0", "1e3", "1E2", "-0.0", "\"12\"", "true", "18446744073709551616",
                    "9223372036854775808", "-1", "1e308", "[12]", "9223372036854775807");
        }
        if (INSTANT_FIELDS.contains(field)) {
            return Arbitraries.of("1893456000000", "1893456000", "1e308", "\"2030-01-01T00:00:00\"",
                    "\"2030-01-01\"", "\"+999999999-01-01T00:00:00Z\"", "\"2030-01-01T00:00:00.000001Z\"",
                    "\"1899-12-31T23:59:59.999Z\"", "\"2200-01-01T00:00:00Z\"", "\"2030-13-01T00:00:00Z\"",
                    "\"2030-01-01T00:00:00.5+14:00\"", "\"1900-01-01T00:00:00Z\"", "false");
        }
        return Arbitraries.oneOf(Arbitraries.of("42", "true", "[\"x\"]", "{}", "\"\"", "1.5"),
                Arbitraries.integers().between(120, 1100).map(length -> string("y".repeat(length))));
    }

    /** Any JSON value, biased towards the ones that break careless readers. */
    private static Arbitrary<String> anyJson() {
        return Arbitraries.oneOf(
                Arbitraries.of("12.99", "1e308", "-1", "0", "18446744073709551616", "9223372036854775807",
                        "1893456000000", "true", "false", "[]", "[\"a\"]", "{}", "{\"a\":1}", "\"\"", "\"   \"",
                        "\"2030-01-01T00:00:00\"", "\"2030-01-01\"", "\"+1000000000-01-01T00:00:00Z\"",
                        "\"-999999999-01-01T00:00:00Z\"", "\"2030-01-01T00:00:00.000001Z\"", "\"1899-12-31T23:59:59Z\"",
                        "\"2199-12-31T23:59:59.999Z\"", "\"prepaid\"", "\"+1 000\"", "\"0044 7911 123456\"",
                        "1.0", "-0", "1E2"),
                Arbitraries.integers().between(0, 2000).map(length -> string("x".repeat(length))),
                Arbitraries.strings().all().ofMaxLength(40).map(EventDocumentsProperties::jsonString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    private static String string(String content) {
        return "\"" + content + "\"";
    }

    private static String jsonString(String raw) {
        StringBuilder json = new StringBuilder("\"");
        raw.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || Character.isSurrogate((char) c)) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }

    private static String render(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(string(name)).append(':')
                .append(value));
        return json.append('}').toString();
    }
}
