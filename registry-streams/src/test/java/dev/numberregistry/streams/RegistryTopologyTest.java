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
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTopologyTest {

    private final TestEvents alice = TestEvents.about("+14155552671");

    @TempDir
    Path stateDir;

    private TopologyFixture registry;

    @BeforeEach
    void start() {
        registry = TopologyFixture.start(stateDir);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private void send(NumberEvent event) {
        registry.send(event);
    }

    @Test
    void anAppliedEventUpdatesTheStoreTheStateTopicAndTheHistory() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));

        send(assigned);

        NumberState state = registry.state(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.ACTIVE);
        assertThat(state.getHolder().getSubscriberRef()).isEqualTo("alice");
        assertThat(registry.stateUpdates()).containsExactly(KeyValue.pair(alice.e164(), state));
        assertThat(registry.historyIds(alice.e164())).containsExactly(assigned.eventId());
        assertThat(registry.rejectionsWritten().isEmpty()).isTrue();
    }

    @Test
    void theHistoryKeepsEveryAppliedEventInOrderAndOnlyThisNumbers() {
        // Berlin numbers vary in length, so one valid number can be the prefix of another.
        TestEvents shorter = TestEvents.about("+4930123456");
        TestEvents longer = TestEvents.about("+49301234567");
        List<String> applied = new ArrayList<>();
        NumberEvent first = shorter.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        send(first);
        applied.add(first.eventId());
        for (int day = 1; day <= 11; day++) {
            NumberEvent topUp = shorter.on(day, new TopUpMade(500, "EUR", day(30 + day)));
            send(topUp);
            applied.add(topUp.eventId());
        }
        send(longer.on(0, new NumberAssigned("other", PlanType.POSTPAID, null)));

        assertThat(registry.historyIds(shorter.e164())).containsExactlyElementsOf(applied);
        assertThat(registry.historyIds(longer.e164())).hasSize(1);
    }

    @Test
    void aLifecycleRejectionIsWrittenWithItsReasonAndChangesNothing() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));
        registry.statesWritten();
        NumberEvent tooEarly = alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null));

        send(tooEarly);

        RejectedEvent rejection = registry.rejectionsWritten().get(0);
        assertThat(rejection.getReasonCode()).isEqualTo(RejectionCode.NOT_AVAILABLE.name());
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getEventId()).isEqualTo(tooEarly.eventId());
        assertThat(rejection.getNumber()).isEqualTo(alice.e164());
        assertThat(rejection.getEventType()).isEqualTo("NumberReassigned");
        assertThat(rejection.getOrigin()).startsWith(TopologyFixture.TOPICS.events() + "-0@");
        assertThat(registry.state(alice.e164()).getAppliedEvents()).isEqualTo(1);
        assertThat(registry.statesWritten().isEmpty()).isTrue();
        assertThat(registry.rejectionsKept(alice.e164())).containsExactly(rejection);
    }

    @Test
    void aRejectionUnderTheWrongKeyIsNotKeptInTheNumbersStoreButOnTheTopic() {
        registry.send("+4930123456", EventMapping.toWire(alice.on(0, new NumberAssigned("a", PlanType.PREPAID, null))));

        assertThat(registry.rejectionsWritten().get(0).getReasonCode()).isEqualTo(IntakeRejection.KEY_MISMATCH.name());
        assertThat(registry.rejectionsKept(alice.e164())).isEmpty();
        assertThat(registry.rejectionsKept("+4930123456")).isEmpty();
    }

    @Test
    void aDuplicateEventIdChangesNothing() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        NumberEvent topUp = alice.on(1, new TopUpMade(500, "USD", day(60)));
        send(assigned);
        send(topUp);
        NumberState before = registry.state(alice.e164());

        send(topUp);

        assertThat(registry.state(alice.e164())).isEqualTo(before);
        assertThat(registry.historyIds(alice.e164())).containsExactly(assigned.eventId(), topUp.eventId());
        RejectedEvent rejection = registry.rejectionsWritten().get(0);
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.DUPLICATE_EVENT.name());
        assertThat(rejection.getReason()).contains(topUp.eventId());
    }

    @Test
    void aRecordThatIsNoEventIsRejectedWithItsBytesKept() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        registry.sendRaw(alice.e164(), garbage);

        RejectedEvent rejection = registry.rejectionsWritten().get(0);
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.UNDECODABLE.name());
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getRawValue().array()).isEqualTo(garbage);
        assertThat(new String(rejection.getRawKey().array(), StandardCharsets.UTF_8)).isEqualTo(alice.e164());
    }

    @Test
    void aTombstoneIsRejected() {
        registry.sendRaw(alice.e164(), null);

        assertThat(registry.rejectionsWritten().get(0).getReasonCode()).isEqualTo(IntakeRejection.MISSING_VALUE.name());
    }

    @Test
    void anEventUnderAnotherKeyIsRejectedBecauseItWouldBeOrderedWithTheWrongNumber() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null));

        registry.send("14155552671", EventMapping.toWire(assigned));

        assertThat(registry.rejectionsWritten().get(0).getReasonCode()).isEqualTo(IntakeRejection.KEY_MISMATCH.name());
        assertThat(registry.state(alice.e164())).isNull();
    }

    @Test
    void anInvalidNumberIsRejected() {
        dev.numberregistry.schema.NumberEvent wire =
                EventMapping.toWire(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null)));
        wire.setNumber("+1 000");

        registry.send("+1 000", wire);

        RejectedEvent rejection = registry.rejectionsWritten().get(0);
        assertThat(rejection.getReasonCode()).isEqualTo(RejectionCode.INVALID_NUMBER.name());
        assertThat(rejection.getNumber()).isEqualTo("+1 000");
    }

    @Test
    void aGraceExpiryRecyclesTheNumberAtOnceAndWritesTheRecyclingToTheLog() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        NumberEvent expiry = alice.on(40, new GraceExpired());

        send(expiry);

        NumberState state = registry.state(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state.getLastEventId()).isEqualTo(expiry.eventId() + "/recycled");
        assertThat(registry.historyIds(alice.e164())).endsWith(expiry.eventId(), expiry.eventId() + "/recycled");
        assertThat(registry.eventsLogged()).extracting(dev.numberregistry.schema.NumberEvent::getEventId)
                .containsExactly(expiry.eventId() + "/recycled");
        // The driver feeds the logged copy back in: it is recognised, neither applied twice nor rejected.
        assertThat(state.getAppliedEvents()).isEqualTo(4);
        assertThat(registry.rejectionsWritten().isEmpty()).isTrue();
    }

    @Test
    void theEndOfATenureClearsItsFlagsAsTheRegistrysOwnEventsInTheHistoryAndTheLog() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));
        send(alice.on(1, new FlagRaised("spam-1", FlagKind.SPAM, FlagSeverity.HIGH, "spam-desk", null)));
        send(alice.on(2, new CancellationRequested()));
        NumberEvent completed = alice.on(3, new CancellationCompleted());

        send(completed);

        String cleared = completed.eventId() + "/tenure-ended/spam-1";
        assertThat(registry.state(alice.e164()).getFlags()).isEmpty();
        assertThat(registry.historyIds(alice.e164())).endsWith(completed.eventId(), cleared);
        assertThat(registry.eventsLogged()).singleElement().satisfies(logged -> {
            assertThat(logged.getEventId()).isEqualTo(cleared);
            assertThat(logged.getSource()).isEqualTo(NumberEvent.REGISTRY_SOURCE);
            assertThat(((dev.numberregistry.schema.FlagCleared) logged.getPayload()).getReason())
                    .isEqualTo(dev.numberregistry.schema.FlagClearance.TENURE_ENDED);
        });
        assertThat(registry.rejectionsWritten().isEmpty()).isTrue();
    }

    @Test
    void anEventAfterAGraceExpiryMeetsTheRecycledNumber() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        send(alice.on(40, new GraceExpired()));

        send(alice.on(41, new NumberReassigned("bob", PlanType.PREPAID, null)));

        assertThat(registry.rejectionsWritten().get(0).getReasonCode()).isEqualTo(RejectionCode.QUARANTINE_NOT_OVER.name());
    }

    @Test
    void aRegistryEventWithAKnownIdButOtherContentIsStillADuplicate() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        NumberEvent expiry = alice.on(40, new GraceExpired());
        send(expiry);
        NumberEvent forged = new NumberEvent(expiry.eventId() + "/recycled", alice.number(), day(50), day(50),
                NumberEvent.REGISTRY_SOURCE, new dev.numberregistry.core.event.EventPayload.NumberRecycled());

        send(forged);

        assertThat(registry.rejectionsWritten().get(0).getReasonCode()).isEqualTo(IntakeRejection.DUPLICATE_EVENT.name());
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
        mixed.forEach(this::send);
        send(mixed.get(2));
        registry.sendRaw(null, new byte[] {1, 2, 3});
        int recordsIn = mixed.size() + 2;

        int applied = (int) registry.state(alice.e164()).getAppliedEvents();
        int rejections = registry.rejectionsWritten().size();

        assertThat(applied + rejections).isEqualTo(recordsIn);
        assertThat(applied).isEqualTo(3);
    }
}
