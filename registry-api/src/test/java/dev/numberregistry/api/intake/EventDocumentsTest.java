package dev.numberregistry.api.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict reading: an event document is taken exactly as sent, or refused naming the field. */
class EventDocumentsTest {

    private static final Instant RECEIVED = Instant.parse("2030-06-01T00:00:00Z");

    static JsonNode json(String text) {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            parser.nextToken();
            return JsonNodeTreeCodec.getInstance().readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String topUp(String amount) {
        return """
                {"eventId":"t-1","number":"+14155552671","type":"TopUpMade","occurredAt":"2030-01-01T00:00:00Z",
                 "source":"billing","amountMinorUnits":%s,"currency":"USD","validUntil":"2030-02-01T00:00:00Z"}"""
                .formatted(amount);
    }

    private static String assignment(String occurredAt) {
        return """
                {"eventId":"a-1","number":"+14155552671","type":"NumberAssigned","occurredAt":%s,
                 "source":"billing","subscriberRef":"s-1","planType":"PREPAID"}""".formatted(occurredAt);
    }

    private static NumberEvent read(String document) {
        return EventDocuments.toDomain(json(document), RECEIVED);
    }

    @Test
    void aWellFormedEventIsTakenAsSent() {
        NumberEvent event = read(topUp("1299"));

        assertThat(event.eventId()).isEqualTo("t-1");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(event.recordedAt()).as("not sent: the intake time").isEqualTo(RECEIVED);
        assertThat(event.payload()).isEqualTo(new EventPayload.TopUpMade(1299, "USD",
                Instant.parse("2030-02-01T00:00:00Z")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.99                  | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the number '12.99'",
            "12.0                   | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the number '12.0'",
            "1e3                    | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the number '1000.0'",
            "1e308                  | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the number '1.0E308'",
            "18446744073709551616   | amountMinorUnits '18446744073709551616' is out of range: 0 to 9223372036854775807",
            "-1                     | amountMinorUnits '-1' is out of range: 0 to 9223372036854775807",
            "false                  | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the boolean false",
            "'\"12\"'               | amountMinorUnits must be a whole JSON number (no fraction, no exponent), not the string '12'",
            "null                   | amountMinorUnits is required",
    })
    void anAmountIsAWholeNumberInRangeOrTheEventIsRefused(String amount, String reason) {
        assertThatThrownBy(() -> read(topUp(amount.replace("'", ""))))
                .isInstanceOf(InvalidEventException.class).hasMessage(reason);
    }

    @Test
    void theLargestAmountIsTakenExactly() {
        assertThat(((EventPayload.TopUpMade) read(topUp("9223372036854775807")).payload()).amountMinorUnits())
                .isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1893456000000          | occurredAt must be an ISO-8601 date-time string such as 2030-01-01T00:00:00Z, not the number '1893456000000' (epoch numbers are not taken: seconds and milliseconds look alike)",
            "1e308                  | occurredAt must be an ISO-8601 date-time string such as 2030-01-01T00:00:00Z, not the number '1.0E308' (epoch numbers are not taken: seconds and milliseconds look alike)",
            "'\"2030-01-01T00:00:00\"' | occurredAt '2030-01-01T00:00:00' is not an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z or 2030-01-01T01:00:00+01:00",
            "'\"2030-01-01\"'          | occurredAt '2030-01-01' is not an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z or 2030-01-01T01:00:00+01:00",
            "'\"+1000000000-01-01T00:00:00Z\"' | occurredAt '+1000000000-01-01T00:00:00Z' is not an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z or 2030-01-01T01:00:00+01:00",
            "'\"+999999999-01-01T00:00:00Z\"' | occurredAt +999999999-01-01T00:00:00Z is outside the range an event may carry, 1900-01-01T00:00:00Z (inclusive) to 2200-01-01T00:00:00Z (exclusive)",
            "'\"1899-12-31T23:59:59Z\"' | occurredAt 1899-12-31T23:59:59Z is outside the range an event may carry, 1900-01-01T00:00:00Z (inclusive) to 2200-01-01T00:00:00Z (exclusive)",
            "'\"2030-01-01T00:00:00.000001Z\"' | occurredAt '2030-01-01T00:00:00.000001Z' is more precise than the millisecond the registry keeps",
            "true                   | occurredAt must be an ISO-8601 date-time string such as 2030-01-01T00:00:00Z, not the boolean true",
            "[]                     | occurredAt must be an ISO-8601 date-time string such as 2030-01-01T00:00:00Z, not an array",
    })
    void anInstantIsAnIso8601StringInRangeOrTheEventIsRefused(String occurredAt, String reason) {
        assertThatThrownBy(() -> read(assignment(occurredAt.replace("'", ""))))
                .isInstanceOf(InvalidEventException.class).hasMessage(reason);
    }

    @Test
    void anInstantWithAnOffsetIsTheSameInstant() {
        assertThat(read(assignment("\"2030-01-01T01:00:00.123+01:00\"")).occurredAt())
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.123Z"));
    }

    @Test
    void aStringFieldTakesOnlyAJsonString() {
        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("\"s-1\"", "42")))
                .hasMessage("subscriberRef must be a JSON string, not the number '42'");
        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("\"s-1\"", "[\"s-1\"]")))
                .hasMessage("subscriberRef must be a JSON string, not an array");
        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("\"a-1\"", "true")))
                .hasMessage("eventId must be a JSON string, not the boolean true");
    }

    @Test
    void aFieldNoEventHasIsRefusedByName() {
        String withExtra = assignment("\"2030-01-01T00:00:00Z\"").replace("}", ",\"comment\":\"hi\"}");

        assertThatThrownBy(() -> read(withExtra)).hasMessageStartingWith("field 'comment' is not a field of any event; "
                + "the fields of a NumberAssigned are eventId, number, type, occurredAt, recordedAt, source, "
                + "subscriberRef, planType, validUntil");
    }

    @Test
    void aFieldOfAnotherTypeIsRefusedRatherThanDropped() {
        String withAmount = assignment("\"2030-01-01T00:00:00Z\"").replace("}", ",\"amountMinorUnits\":5}");

        assertThatThrownBy(() -> read(withAmount))
                .hasMessageStartingWith("field 'amountMinorUnits' does not belong to a NumberAssigned; its fields are");
    }

    @Test
    void noSenderMayWriteAsTheRegistryItself() {
        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("\"billing\"", "\"registry\"")))
                .hasMessageStartingWith("source 'registry' is the registry's own");
    }

    @Test
    void aNullFieldIsTheSameAsOneLeftOut() {
        String withNullValidity = assignment("\"2030-01-01T00:00:00Z\"").replace("}", ",\"validUntil\":null}");

        assertThat(((EventPayload.NumberAssigned) read(withNullValidity).payload()).validUntil()).isNull();
    }

    @Test
    void aDocumentThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> read("\"just a string\"")).hasMessage("an event is a JSON object, not the string "
                + "'just a string'");
        assertThatThrownBy(() -> read("[1]")).hasMessage("an event is a JSON object, not an array");
    }

    @Test
    void anUnknownTypeOrChoiceIsRefusedQuotingAShortFormOfIt() {
        String hugeType = "X".repeat(100_000);

        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("NumberAssigned", hugeType)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500).contains("(100000 characters)"));
        assertThatThrownBy(() -> read(assignment("\"2030-01-01T00:00:00Z\"").replace("PREPAID", "prepaid")))
                .hasMessage("planType 'prepaid' is not one of [PREPAID, POSTPAID]");
    }

    @Test
    void aNoteOverItsLimitIsRefusedWithTheLimit() {
        String flag = """
                {"eventId":"f-1","number":"+14155552671","type":"FlagRaised","occurredAt":"2030-01-01T00:00:00Z",
                 "source":"billing","flagId":"f","kind":"SPAM","severity":"LOW","raisedBy":"desk","note":"%s"}"""
                .formatted("n".repeat(600_000));

        assertThatThrownBy(() -> read(flag)).hasMessage("note is 600000 characters long; at most 1000 are allowed");
    }

    private static final String IMPORTED = """
            {"eventId":"import-1","number":"+14155552671","type":"NumberImported","occurredAt":"2030-01-01T00:00:00Z",
             "source":"onboarding","status":"SUSPENDED","coveredFrom":"2015-03-01T00:00:00Z",
             "holder":{"subscriberRef":"s-9","planType":"PREPAID","tenureStart":"2015-03-01T00:00:00Z","assignmentNumber":2},
             "validUntil":"2029-12-20T00:00:00Z","graceEndsAt":"2030-01-19T00:00:00Z",
             "suspension":{"reason":"LOST_SIM","since":"2029-12-28T00:00:00Z","resumeTo":"IN_GRACE"},
             "flags":[{"flagId":"f-1","kind":"FRAUD","severity":"LOW","raisedBy":"fraud-desk","raisedAt":"2029-11-01T00:00:00Z"}],
             "lastSimChangeAt":"2020-05-05T00:00:00Z"}""";

    @Test
    void anImportIsTakenWithItsNestedHolderSuspensionAndFlags() {
        EventPayload.NumberImported imported = (EventPayload.NumberImported) read(IMPORTED).payload();

        assertThat(imported).isEqualTo(new EventPayload.NumberImported(NumberStatus.SUSPENDED,
                new Holder("s-9", PlanType.PREPAID, Instant.parse("2015-03-01T00:00:00Z"), 2), null,
                Instant.parse("2029-12-20T00:00:00Z"), Instant.parse("2030-01-19T00:00:00Z"), null,
                new Suspension(SuspensionReason.LOST_SIM, Instant.parse("2029-12-28T00:00:00Z"), NumberStatus.IN_GRACE),
                List.of(new Flag("f-1", FlagKind.FRAUD, FlagSeverity.LOW, "fraud-desk", null,
                        Instant.parse("2029-11-01T00:00:00Z"))),
                null, Instant.parse("2020-05-05T00:00:00Z"), Instant.parse("2015-03-01T00:00:00Z")));
        assertThat(EventDocuments.fromDomain(read(IMPORTED)).holder()).isEqualTo(imported.holder());
    }

    @Test
    void anImportsNestedMistakesAreRefusedByTheirPath() {
        assertThatThrownBy(() -> read(IMPORTED.replace("\"assignmentNumber\":2", "\"assignmentNumber\":2,\"age\":3")))
                .hasMessage("field 'age' does not belong in holder; its fields are subscriberRef, planType, "
                        + "tenureStart, assignmentNumber");
        assertThatThrownBy(() -> read(IMPORTED.replace("\"tenureStart\":\"2015-03-01T00:00:00Z\"", "\"tenureStart\":1")))
                .hasMessageStartingWith("holder.tenureStart must be an ISO-8601 date-time string");
        assertThatThrownBy(() -> read(IMPORTED.replace("\"kind\":\"FRAUD\"", "\"kind\":\"SCAM\"")))
                .hasMessageStartingWith("flags[0].kind 'SCAM' is not one of");
        assertThatThrownBy(() -> read(IMPORTED.replace("\"flags\":[", "\"flags\":[1,")))
                .hasMessage("flags[0] must be a JSON object, not the number '1'");
        assertThatThrownBy(() -> read(IMPORTED.replace("\"resumeTo\":\"IN_GRACE\"", "\"resumeTo\":\"ACTIVE\"")))
                .hasMessage("graceEndsAt is for a number in grace or expired; this one is ACTIVE");
    }
}
