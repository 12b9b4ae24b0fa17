package dev.numberregistry.api.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.NumberStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A CSV row and a JSON line of the same number make the same event, with an id from the number alone. */
class ImportFormatTest {

    private static final Instant AS_OF = Instant.parse("2026-11-30T00:00:00Z");
    private static final ImportEvents EVENTS = new ImportEvents("onboarding", AS_OF, null);

    private static final String HEADER = "number,status,coveredFrom,holder.subscriberRef,holder.planType,"
            + "holder.tenureStart,holder.assignmentNumber,flags";
    private static final String ROW = "+1 415 555 0101,ACTIVE,2015-03-01T00:00:00Z,\"sub, 101\",POSTPAID,"
            + "2015-03-01T00:00:00Z,2,\"[{\"\"flagId\"\":\"\"f-1\"\",\"\"kind\"\":\"\"SPAM\"\",\"\"severity\"\":\"\"LOW\"\","
            + "\"\"raisedBy\"\":\"\"desk\"\",\"\"raisedAt\"\":\"\"2020-01-01T00:00:00Z\"\"}]\"";
    private static final String JSON = """
            {"number":"+14155550101","status":"ACTIVE","coveredFrom":"2015-03-01T00:00:00Z",\
            "holder":{"subscriberRef":"sub, 101","planType":"POSTPAID","tenureStart":"2015-03-01T00:00:00Z",\
            "assignmentNumber":2},"flags":[{"flagId":"f-1","kind":"SPAM","severity":"LOW","raisedBy":"desk",\
            "raisedAt":"2020-01-01T00:00:00Z"}]}""";

    @Test
    void aCsvRowAndAJsonLineOfTheSameNumberAreTheSameEvent() {
        NumberEvent fromCsv = EVENTS.eventOf(new ImportFormat.Csv(null).withHeader(HEADER).document(ROW));
        NumberEvent fromJson = EVENTS.eventOf(new ImportFormat.JsonLines().document(JSON));

        assertThat(fromCsv).isEqualTo(fromJson);
        assertThat(fromCsv.eventId()).isEqualTo("import/+14155550101");
        assertThat(fromCsv.occurredAt()).isEqualTo(AS_OF);
        NumberImported imported = (NumberImported) fromCsv.payload();
        assertThat(imported.status()).isEqualTo(NumberStatus.ACTIVE);
        assertThat(imported.holder().assignmentNumber()).isEqualTo(2);
        assertThat(imported.flags()).singleElement().satisfies(flag -> assertThat(flag.kind()).isEqualTo(FlagKind.SPAM));
    }

    @Test
    void aLineMayNotSetWhatTheToolDerives() {
        assertThatThrownBy(() -> EVENTS.eventOf(new ImportFormat.JsonLines().document(
                JSON.replace("{\"number\"", "{\"eventId\":\"mine\",\"number\""))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("field 'eventId' is set by the import tool");
    }

    @Test
    void theCoverageDateOfTheRunStandsForLinesWithoutOne() {
        ImportEvents coveredSince2010 = new ImportEvents("onboarding", AS_OF, Instant.parse("2010-01-01T00:00:00Z"));
        String withoutCoverage = JSON.replace("\"coveredFrom\":\"2015-03-01T00:00:00Z\",", "");

        assertThat(((NumberImported) coveredSince2010.eventOf(new ImportFormat.JsonLines().document(withoutCoverage))
                .payload()).coveredFrom()).isEqualTo(Instant.parse("2010-01-01T00:00:00Z"));
        assertThatThrownBy(() -> EVENTS.eventOf(new ImportFormat.JsonLines().document(withoutCoverage)))
                .hasMessage("coveredFrom is required");
    }

    @Test
    void unreadableLinesAreRefusedWithTheReason() {
        ImportFormat csv = new ImportFormat.Csv(null).withHeader(HEADER);

        assertThatThrownBy(() -> csv.document("+14155550101,ACTIVE")).hasMessage("the row has 2 cells and the header 8 "
                + "columns");
        assertThatThrownBy(() -> new ImportFormat.JsonLines().document("{\"number\":1} {}"))
                .hasMessage("something follows the JSON object on the line; one number a line");
        assertThatThrownBy(() -> new ImportFormat.JsonLines().document("{\"number\":"))
                .hasMessageStartingWith("the line is not valid JSON");
        assertThatThrownBy(() -> new ImportFormat.JsonLines().document("{\"number\": }"))
                .hasMessage("the line is not valid JSON at column 12: a value (a string, number, object, array, true, "
                        + "false or null) was expected, not '}'");
        assertThatThrownBy(() -> EVENTS.eventOf(new ImportFormat.JsonLines().document("[1]")))
                .hasMessage("a line is one number, as a JSON object");
    }

    @Test
    void aHeaderIsReadAsASpreadsheetWritesItAndRefusedWhenItNamesAColumnTwice() {
        ImportFormat withByteOrderMark = new ImportFormat.Csv(null).withHeader("\uFEFF" + HEADER);

        assertThat(EVENTS.eventOf(withByteOrderMark.document(ROW)).number().e164()).isEqualTo("+14155550101");
        assertThatThrownBy(() -> new ImportFormat.Csv(null).withHeader("number,status,number"))
                .hasMessage("column 'number' is named twice");
        assertThatThrownBy(() -> new ImportFormat.Csv(null).withHeader("number,,status"))
                .hasMessage("a column has no name");
    }

    @Test
    void aNullOccurredAtOrCoverageTakesTheRunsDefaultAsAnAbsentOneDoes() {
        ImportEvents coveredSince2010 = new ImportEvents("onboarding", AS_OF, Instant.parse("2010-01-01T00:00:00Z"));
        String withNulls = JSON.replace("\"coveredFrom\":\"2015-03-01T00:00:00Z\"", "\"coveredFrom\":null,\"occurredAt\":null");

        NumberEvent event = coveredSince2010.eventOf(new ImportFormat.JsonLines().document(withNulls));

        assertThat(event.occurredAt()).isEqualTo(AS_OF);
        assertThat(((NumberImported) event.payload()).coveredFrom()).isEqualTo(Instant.parse("2010-01-01T00:00:00Z"));
    }
}
