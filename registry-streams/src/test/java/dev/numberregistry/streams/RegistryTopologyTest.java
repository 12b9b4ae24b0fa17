package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryTopologyTest {

    private final TestEvents alice = TestEvents.about("+14155552671");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry();

    @Test
    void anAppliedEventUpdatesTheStoreTheStateTopicAndTheHistory() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));

        registry.when(assigned);

        NumberState state = registry.storedState(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.ACTIVE);
        assertThat(state.getHolder().getSubscriberRef()).isEqualTo("alice");
        assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state);
        assertThat(registry.historyIds(alice.e164())).containsExactly(assigned.eventId());
        assertThat(registry.thenRejections()).isEmpty();
    }

    @Test
    void theHistoryKeepsEveryAppliedEventInOrderAndOnlyThisNumbers() {
        // Berlin numbers vary in length, so one valid number can be the prefix of another.
        TestEvents shorter = TestEvents.about("+4930123456");
        TestEvents longer = TestEvents.about("+49301234567");
        List<NumberEvent> applied = new ArrayList<>();
        applied.add(shorter.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));
        for (int day = 1; day <= 11; day++) {
            applied.add(shorter.on(day, new TopUpMade(500, "EUR", day(30 + day))));
        }
        registry.given(applied.toArray(NumberEvent[]::new));

        registry.when(longer.on(0, new NumberAssigned("other", PlanType.POSTPAID, null)));

        registry.thenStateOf(longer.e164());
        assertThat(registry.historyIds(shorter.e164())).containsExactlyElementsOf(
                applied.stream().map(NumberEvent::eventId).toList());
        assertThat(registry.historyIds(longer.e164())).hasSize(1);
    }

    @Test
    void aLifecycleRejectionIsWrittenWithItsReasonAndChangesNothing() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));
        NumberEvent tooEarly = alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null));

        registry.when(tooEarly);

        RejectedEvent rejection = registry.thenRejected(RejectionCode.NOT_AVAILABLE);
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getEventId()).isEqualTo(tooEarly.eventId());
        assertThat(rejection.getNumber()).isEqualTo(alice.e164());
        assertThat(rejection.getEventType()).isEqualTo("NumberReassigned");
        assertThat(rejection.getOrigin()).startsWith(TopologyScenario.TOPICS.events() + "-0@");
        assertThat(registry.storedState(alice.e164()).getAppliedEvents()).isEqualTo(1);
        assertThat(registry.thenStates()).isEmpty();
        assertThat(registry.rejectionsKept(alice.e164())).containsExactly(rejection);
    }

    @Test
    void aRejectionUnderTheWrongKeyIsNotKeptInTheNumbersStoreButOnTheTopic() {
        registry.when("+4930123456", EventMapping.toWire(alice.on(0, new NumberAssigned("a", PlanType.PREPAID, null))));

        registry.thenRejected(IntakeRejection.KEY_MISMATCH);
        assertThat(registry.rejectionsKept(alice.e164())).isEmpty();
        assertThat(registry.rejectionsKept("+4930123456")).isEmpty();
    }

    @Test
    void aDuplicateEventIdChangesNothing() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        NumberEvent topUp = alice.on(1, new TopUpMade(500, "USD", day(60)));
        registry.given(assigned, topUp);
        NumberState before = registry.storedState(alice.e164());

        registry.when(topUp);

        assertThat(registry.storedState(alice.e164())).isEqualTo(before);
        assertThat(registry.historyIds(alice.e164())).containsExactly(assigned.eventId(), topUp.eventId());
        RejectedEvent rejection = registry.thenRejected(IntakeRejection.DUPLICATE_EVENT);
        assertThat(rejection.getReason()).contains(topUp.eventId());
    }

    @Test
    void aRecordThatIsNoEventIsRejectedWithItsBytesKept() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        registry.whenRaw(alice.e164(), garbage);

        RejectedEvent rejection = registry.thenRejected(IntakeRejection.UNDECODABLE);
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getRawValue().array()).isEqualTo(garbage);
        assertThat(new String(rejection.getRawKey().array(), StandardCharsets.UTF_8)).isEqualTo(alice.e164());
    }

    @Test
    void aTombstoneIsRejected() {
        registry.whenRaw(alice.e164(), null);

        registry.thenRejected(IntakeRejection.MISSING_VALUE);
    }

    @Test
    void anEventUnderAnotherKeyIsRejectedBecauseItWouldBeOrderedWithTheWrongNumber() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null));

        registry.when("14155552671", EventMapping.toWire(assigned));

        registry.thenRejected(IntakeRejection.KEY_MISMATCH);
        assertThat(registry.storedState(alice.e164())).isNull();
    }

    @Test
    void anInvalidNumberIsRejected() {
        dev.numberregistry.schema.NumberEvent wire =
                EventMapping.toWire(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null)));
        wire.setNumber("+1 000");

        registry.when("+1 000", wire);

        RejectedEvent rejection = registry.thenRejected(RejectionCode.INVALID_NUMBER);
        assertThat(rejection.getNumber()).isEqualTo("+1 000");
    }

    @Test
    void aGraceExpiryRecyclesTheNumberAtOnceAndWritesTheRecyclingToTheLog() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(10, new ValidityLapsed()));
        NumberEvent expiry = alice.on(40, new GraceExpired());

        registry.when(expiry);

        NumberState state = registry.storedState(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state.getLastEventId()).isEqualTo(expiry.eventId() + "/recycled");
        assertThat(registry.thenStatesOf(alice.e164())).extracting(NumberState::getStatus)
                .containsExactly(NumberStatus.EXPIRED, NumberStatus.QUARANTINED);
        assertThat(registry.historyIds(alice.e164())).endsWith(expiry.eventId(), expiry.eventId() + "/recycled");
        assertThat(registry.thenDecisions()).extracting(dev.numberregistry.schema.NumberEvent::getEventId)
                .containsExactly(expiry.eventId() + "/recycled");
        registry.thenNotified(NotificationKind.RECYCLED);
        // The driver feeds the logged copy back in: it is recognised, neither applied twice nor rejected.
        assertThat(state.getAppliedEvents()).isEqualTo(4);
        assertThat(registry.thenRejections()).isEmpty();
    }

    @Test
    void theEndOfATenureClearsItsFlagsAsTheRegistrysOwnEventsInTheHistoryAndTheLog() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)),
                alice.on(1, new FlagRaised("spam-1", FlagKind.SPAM, FlagSeverity.HIGH, "spam-desk", null)),
                alice.on(2, new CancellationRequested()));
        NumberEvent completed = alice.on(3, new CancellationCompleted());

        registry.when(completed);

        String cleared = completed.eventId() + "/tenure-ended/spam-1";
        assertThat(registry.storedState(alice.e164()).getFlags()).isEmpty();
        assertThat(registry.thenStatesOf(alice.e164())).extracting(state -> state.getFlags().size())
                .containsExactly(1, 0);
        assertThat(registry.historyIds(alice.e164())).endsWith(completed.eventId(), cleared);
        assertThat(registry.thenDecisions()).singleElement().satisfies(logged -> {
            assertThat(logged.getEventId()).isEqualTo(cleared);
            assertThat(logged.getSource()).isEqualTo(NumberEvent.REGISTRY_SOURCE);
            assertThat(((dev.numberregistry.schema.FlagCleared) logged.getPayload()).getReason())
                    .isEqualTo(dev.numberregistry.schema.FlagClearance.TENURE_ENDED);
        });
        registry.thenNotified(NotificationKind.CANCELLED);
        assertThat(registry.thenRejections()).isEmpty();
    }

    @Test
    void anEventAfterAGraceExpiryMeetsTheRecycledNumber() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(10, new ValidityLapsed()),
                alice.on(40, new GraceExpired()));

        registry.when(alice.on(41, new NumberReassigned("bob", PlanType.PREPAID, null)));

        registry.thenRejected(RejectionCode.QUARANTINE_NOT_OVER);
    }

    @Test
    void aRegistryEventWithAKnownIdButOtherContentIsStillADuplicate() {
        NumberEvent expiry = alice.on(40, new GraceExpired());
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(10, new ValidityLapsed()),
                expiry);
        NumberEvent forged = new NumberEvent(expiry.eventId() + "/recycled", alice.number(), day(50), day(50),
                NumberEvent.REGISTRY_SOURCE, new dev.numberregistry.core.event.EventPayload.NumberRecycled());

        registry.when(forged);

        registry.thenRejected(IntakeRejection.DUPLICATE_EVENT);
    }

    @Test
    void everyRecordThatEntersIsAppliedOrRejected() {
        List<NumberEvent> mixed = List.of(
                alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(1, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(2, new TopUpMade(100, "USD", day(40))),
                alice.on(3, new ValidityLapsed()),
                alice.on(41, new ValidityLapsed()),
                alice.on(42, new NumberReassigned("bob", PlanType.POSTPAID, null)));
        NumberEvent[] withACopy = Stream.concat(mixed.stream(), Stream.of(mixed.get(2))).toArray(NumberEvent[]::new);

        registry.when(withACopy);
        List<RejectedEvent> rejections = new ArrayList<>(registry.thenRejections());
        List<NumberState> states = registry.thenStatesOf(alice.e164());
        registry.whenRaw(null, new byte[] {1, 2, 3});
        rejections.addAll(registry.thenRejections());

        int recordsIn = withACopy.length + 1;
        int applied = (int) registry.storedState(alice.e164()).getAppliedEvents();
        assertThat(applied + rejections.size()).isEqualTo(recordsIn);
        assertThat(applied).isEqualTo(3);
        assertThat(states).as("a state written per applied event").hasSize(applied);
    }
}
