package dev.numberregistry.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLimitsTest {

    private static final PhoneNumber NUMBER = PhoneNumber.parse("+14155552671");
    private static final Instant WHEN = Instant.parse("2030-01-01T00:00:00Z");

    private static NumberEvent event(String eventId, Instant occurredAt, EventPayload payload) {
        return new NumberEvent(eventId, NUMBER, occurredAt, WHEN, "billing", payload);
    }

    @Test
    void identifiersUpToTheLimitAreTakenAsTheyAre() {
        String longest = "i".repeat(EventLimits.MAX_IDENTIFIER_LENGTH);

        NumberEvent event = event(longest, WHEN, new EventPayload.FlagRaised(longest, FlagKind.SPAM,
                FlagSeverity.LOW, longest, "n".repeat(EventLimits.MAX_NOTE_LENGTH)));

        assertThat(event.eventId()).isEqualTo(longest);
    }

    @Test
    void aLongerIdentifierIsRefusedNamingTheFieldAndTheLimit() {
        String tooLong = "i".repeat(EventLimits.MAX_IDENTIFIER_LENGTH + 1);

        assertThatThrownBy(() -> event(tooLong, WHEN, new EventPayload.GraceExpired()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("eventId is 129 characters long; at most 128 are allowed");
        assertThatThrownBy(() -> new EventPayload.NumberAssigned(tooLong, PlanType.PREPAID, null))
                .hasMessageStartingWith("subscriberRef is 129 characters long");
        assertThatThrownBy(() -> new EventPayload.FlagCleared("f", FlagClearance.PAID, tooLong, null))
                .hasMessageStartingWith("clearedBy is 129 characters long");
    }

    @Test
    void aLongerNoteIsRefusedOnEveryPayloadThatCarriesOne() {
        String tooLong = "n".repeat(600_000);

        assertThatThrownBy(() -> new EventPayload.FlagRaised("f", FlagKind.SPAM, FlagSeverity.LOW, "desk", tooLong))
                .hasMessage("note is 600000 characters long; at most 1000 are allowed");
        assertThatThrownBy(() -> new EventPayload.NumberSuspended(SuspensionReason.FAULT, tooLong))
                .hasMessageStartingWith("note is 600000");
        assertThatThrownBy(() -> new EventPayload.SimChanged(tooLong)).hasMessageStartingWith("note is 600000");
        assertThatThrownBy(() -> new EventPayload.FlagCleared("f", FlagClearance.PAID, "desk", tooLong))
                .hasMessageStartingWith("note is 600000");
    }

    @Test
    void textThatIsNoCharactersIsRefusedAndAPairedEmojiIsText() {
        assertThatThrownBy(() -> new EventPayload.SimChanged("lost \ud800 sim"))
                .hasMessage("note holds half of a UTF-16 surrogate pair at position 5, which is no character");
        assertThatThrownBy(() -> new EventPayload.NumberRecovered("sub\udc00", null))
                .hasMessageStartingWith("subscriberRef holds half of a UTF-16 surrogate pair");
        assertThat(new EventPayload.SimChanged("new \ud83d\udcf1").note()).endsWith("\ud83d\udcf1");
    }

    @Test
    void instantsOutsideTheDocumentedRangeAreRefused() {
        assertThatThrownBy(() -> event("e", Instant.parse("+1000000000-01-01T00:00:00Z"), new EventPayload.GraceExpired()))
                .hasMessageStartingWith("occurredAt +1000000000-01-01T00:00:00Z is outside the range");
        assertThatThrownBy(() -> event("e", EventLimits.END_OF_INSTANTS, new EventPayload.GraceExpired()))
                .hasMessageStartingWith("occurredAt 2200-01-01T00:00:00Z is outside the range");
        assertThatThrownBy(() -> new EventPayload.TopUpMade(1, "USD", Instant.ofEpochMilli(Long.MIN_VALUE)))
                .hasMessageStartingWith("validUntil ");
        assertThat(event("e", EventLimits.EARLIEST_INSTANT, new EventPayload.GraceExpired()).occurredAt())
                .isEqualTo(EventLimits.EARLIEST_INSTANT);
    }

    @Test
    void aDecisionDerivedFromACauseWithTheLongestIdStillHasAnIdWithinTheLimit() {
        String longest = "r".repeat(EventLimits.MAX_DERIVED_ID_LENGTH);
        NumberEvent cause = new NumberEvent(longest, NUMBER, WHEN, WHEN, NumberEvent.REGISTRY_SOURCE,
                new EventPayload.GraceExpired());

        NumberEvent implied = cause.imply("recycled", new EventPayload.NumberRecycled());

        assertThat(implied.eventId()).hasSize(64 + "/recycled".length())
                .isEqualTo(cause.imply("recycled", new EventPayload.NumberRecycled()).eventId());
    }

    @Test
    void theRegistryMayDeriveLongerIdsForItsOwnDecisions() {
        NumberEvent cause = event("i".repeat(EventLimits.MAX_IDENTIFIER_LENGTH), WHEN, new EventPayload.GraceExpired());

        NumberEvent implied = cause.imply("recycled-on-grace-expiry", new EventPayload.NumberRecycled());

        assertThat(implied.eventId()).hasSizeGreaterThan(EventLimits.MAX_IDENTIFIER_LENGTH);
    }
}
