package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventLimits;
import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No single record, and no single deadline, can stop the registry: whatever goes wrong with one
 * is rejected with its reason, and the next is processed as usual.
 */
class NoPoisonPillTest {

    private final TestEvents alice = TestEvents.about("+14155552671");
    private final TestEvents bob = TestEvents.about("+447911123456");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry();

    @Test
    void aRecordLargerThanAnyEventIsRejectedUnreadWithItsFirstBytesAndLength() {
        byte[] huge = new byte[1_048_400];
        new Random(8).nextBytes(huge);

        registry.whenRaw(alice.e164(), huge);

        RejectedEvent rejection = registry.thenRejected(IntakeRejection.TOO_LARGE);
        assertThat(rejection.getReason()).isEqualTo("the record's value is 1048400 bytes; an event is at most "
                + RecordLimits.DEFAULT.maxEventBytes());
        assertThat(rejection.getRawValue().remaining()).isEqualTo(RejectionRecords.MAX_RAW_VALUE_BYTES);
        assertThat(rejection.getRawValueLength()).isEqualTo(1_048_400L);

        registry.when(bob.on(0, new NumberAssigned("bob", PlanType.POSTPAID, null)));

        assertThat(registry.storedState(bob.e164())).as("the next record is applied").isNotNull();
        registry.thenStateOf(bob.e164());
        assertThat(registry.metric("unprocessable-records-total")).isEqualTo(1.0);
    }

    @Test
    void anEventWithANoteOverItsLimitIsRejectedNamingTheField() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));
        dev.numberregistry.schema.NumberEvent flag = EventMapping.toWire(
                alice.on(1, new FlagRaised("f1", FlagKind.SPAM, FlagSeverity.HIGH, "desk", "short")));
        ((dev.numberregistry.schema.FlagRaised) flag.getPayload()).setNote("n".repeat(EventLimits.MAX_NOTE_LENGTH + 1));

        registry.when(alice.e164(), flag);

        RejectedEvent rejection = registry.thenRejected(RejectionCode.INVALID_EVENT);
        assertThat(rejection.getReason()).isEqualTo("note is 1001 characters long; at most 1000 are allowed");
        assertThat(registry.storedState(alice.e164()).getFlags()).isEmpty();
    }

    @Test
    void aStateThatWouldGrowPastTheLimitIsNotWrittenAndTheEventIsRejected() {
        registry.withLimits(new RecordLimits(16 * 1024, 600, RecordLimits.DEFAULT.maxRejectionsKept(),
                        RecordLimits.DEFAULT.idempotencyWindow()))
                .given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));
        NumberState before = registry.storedState(alice.e164());
        FlagRaised wordy = new FlagRaised("f1", FlagKind.FRAUD, FlagSeverity.HIGH, "desk", "n".repeat(900));

        registry.when(alice.on(1, wordy));

        RejectedEvent rejection = registry.thenRejected(IntakeRejection.STATE_TOO_LARGE);
        assertThat(rejection.getReason()).contains("the registry writes states of at most 600");
        assertThat(registry.storedState(alice.e164())).isEqualTo(before);
        assertThat(registry.historyIds(alice.e164())).hasSize(1);
        assertThat(registry.thenStates()).isEmpty();

        registry.when(bob.on(1, new NumberAssigned("bob", PlanType.POSTPAID, null)));

        assertThat(registry.thenStates()).extracting(update -> update.key).containsExactly(bob.e164());
    }

    @Test
    void aFailureWhileWorkingOutAnEventRejectsThatEventAloneAndWritesNothingOfIt() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));
        corruptStoredState(alice.e164());

        registry.when(alice.on(1, new FlagRaised("f1", FlagKind.SPAM, FlagSeverity.LOW, "desk", null)));

        RejectedEvent rejection = registry.thenRejected(IntakeRejection.PROCESSING_ERROR);
        assertThat(rejection.getReason()).contains("not a stored number in E.164 form");
        assertThat(rejection.getRawValue()).isNotNull();
        assertThat(registry.rejectionsKept(alice.e164())).as("kept for the number, for ops and await")
                .containsExactly(rejection);
        assertThat(registry.historyIds(alice.e164())).hasSize(1);
        assertThat(registry.thenStates()).isEmpty();

        registry.when(bob.on(1, new NumberAssigned("bob", PlanType.POSTPAID, null)));

        assertThat(registry.thenStates()).extracting(update -> update.key).containsExactly(bob.e164());
        assertThat(registry.metric("unprocessable-records-total")).isEqualTo(1.0);
    }

    @Test
    void aDeadlineWhoseDecisionFailsIsRejectedOnceAndTheSweepGoesOn() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                bob.on(0, new NumberAssigned("bob", PlanType.PREPAID, day(10))));
        corruptStoredState(alice.e164());

        registry.whenTimePasses(Duration.ofDays(11));

        // Her first reminder, the first of her deadlines, fails; the others come after it, and go with it.
        assertThat(registry.thenRejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.PROCESSING_ERROR.name());
            assertThat(rejection.getOrigin()).isEqualTo("registry deadline sweep");
            assertThat(rejection.getNumber()).isEqualTo(alice.e164());
        });
        assertThat(registry.storedState(bob.e164()).getStatus().name()).as("bob's validity lapsed all the same")
                .isEqualTo("IN_GRACE");
        assertThat(registry.thenDecisions()).singleElement()
                .satisfies(lapse -> assertThat(lapse.getNumber()).isEqualTo(bob.e164()));
        registry.thenStateOf(bob.e164());

        registry.whenTimePasses(Duration.ofDays(1));

        assertThat(registry.thenRejections()).as("a failed deadline is not tried again").isEmpty();
    }

    @Test
    void aNumberCannotCollectFlagsWithoutBoundSoItsStateStaysSmall() {
        // Every text at its limit, in characters that take three bytes in UTF-8: the largest state there can be.
        String longest = "\u20ac".repeat(EventLimits.MAX_IDENTIFIER_LENGTH);
        List<NumberEvent> fullOfFlags = new ArrayList<>();
        fullOfFlags.add(alice.on(0, new NumberAssigned(longest, PlanType.POSTPAID, null)));
        for (int flag = 0; flag <= EventLimits.MAX_OPEN_FLAGS; flag++) {
            String flagId = (flag + longest).substring(0, EventLimits.MAX_IDENTIFIER_LENGTH);
            fullOfFlags.add(alice.on(1, new FlagRaised(flagId, FlagKind.SPAM, FlagSeverity.LOW, longest,
                    "\u20ac".repeat(EventLimits.MAX_NOTE_LENGTH))));
        }
        NumberEvent oneFlagTooMany = fullOfFlags.remove(fullOfFlags.size() - 1);
        registry.given(fullOfFlags.toArray(NumberEvent[]::new));

        registry.when(oneFlagTooMany);

        registry.thenRejected(RejectionCode.TOO_MANY_FLAGS);
        NumberState fullest = registry.storedState(alice.e164());
        assertThat(fullest.getFlags()).hasSize(EventLimits.MAX_OPEN_FLAGS);
        int encoded = TopologyScenario.SERDES.states().serializer().serialize("t", fullest).length;
        assertThat(encoded).as("the largest state valid events can make (README: Limits)")
                .isBetween(100 * 1024, 128 * 1024);
    }

    @Test
    void anOutputThatCannotBeSerializedIsLeftOutAndItsInputRejectedWhileTheStreamGoesOn() {
        RegistrySerdes defaults = TopologyScenario.SERDES;
        Serde<NumberRecycleNotification> broken = Serdes.serdeFrom((topic, notification) -> {
            throw new SerializationException("broken on purpose");
        }, defaults.notifications().deserializer());
        registry.withSerdes(new RegistrySerdes.Dialects(defaults.events(), defaults.states(),
                        defaults.rejections(), defaults.reminders(), broken))
                .given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)),
                        alice.on(1, new CancellationRequested()));

        registry.when(alice.on(2, new CancellationCompleted()));

        assertThat(registry.storedState(alice.e164()).getStatus().name()).isEqualTo("CANCELLED");
        RejectedEvent rejection = registry.thenRejected(IntakeRejection.PROCESSING_ERROR);
        assertThat(rejection.getReason()).startsWith("the registry could not serialize its output to "
                + "number-recycle-notifications, which was left out");
        assertThat(registry.thenStateOf(alice.e164()).getStatus().name()).isEqualTo("CANCELLED");

        registry.when(bob.on(2, new NumberAssigned("bob", PlanType.POSTPAID, null)));

        assertThat(registry.storedState(bob.e164())).as("the next record is applied").isNotNull();
        registry.thenStateOf(bob.e164());
    }

    @Test
    void theLargestValidEventIsFarBelowTheRecordLimit() {
        String longest = "\u20ac".repeat(EventLimits.MAX_IDENTIFIER_LENGTH);
        NumberEvent largest = new NumberEvent(longest, alice.number(), day(1), day(1), longest,
                new FlagRaised(longest, FlagKind.SPAM, FlagSeverity.LOW, longest,
                        "\u20ac".repeat(EventLimits.MAX_NOTE_LENGTH)));

        int encoded = TopologyScenario.SERDES.events().serializer().serialize("t", EventMapping.toWire(largest)).length;

        assertThat(encoded).as("README: Limits").isLessThan(8 * 1024);
        assertThat(encoded).isLessThan(RecordLimits.DEFAULT.maxEventBytes() / 2);
    }

    @Test
    void theLargestValidImportIsBelowTheRecordLimitAndIsApplied() {
        String longest = "\u20ac".repeat(EventLimits.MAX_IDENTIFIER_LENGTH);
        String note = "\u20ac".repeat(EventLimits.MAX_NOTE_LENGTH);
        Holder holder = new Holder(longest, PlanType.PREPAID, day(0), Integer.MAX_VALUE);
        List<Flag> flags = new ArrayList<>();
        for (int i = 0; i < EventLimits.MAX_OPEN_FLAGS; i++) {
            flags.add(new Flag(i + longest.substring(String.valueOf(i).length()), FlagKind.FRAUD, FlagSeverity.HIGH,
                    longest, note, day(0)));
        }
        NumberEvent largest = new NumberEvent(longest, alice.number(), day(1), day(1), longest,
                new NumberImported(NumberStatus.SUSPENDED, holder, null, day(0), day(1), null,
                        new Suspension(SuspensionReason.FAULT, day(0), NumberStatus.IN_GRACE), flags, day(0), day(0),
                        day(0)));

        int encoded = TopologyScenario.SERDES.events().serializer().serialize("t", EventMapping.toWire(largest)).length;
        registry.when(largest);

        assertThat(encoded).as("README: Limits").isLessThan(128 * 1024);
        assertThat(encoded).isLessThan(RecordLimits.DEFAULT.maxEventBytes() / 2);
        assertThat(registry.thenRejections()).isEmpty();
        assertThat(registry.storedState(alice.e164()).getFlags()).hasSize(EventLimits.MAX_OPEN_FLAGS);
        registry.thenStateOf(alice.e164());
    }

    /** A stored state the registry cannot read: what a defect in its own code could leave. */
    private void corruptStoredState(String e164) {
        KeyValueStore<String, NumberState> store = registry.store(RegistryStores.NUMBER_STATE);
        NumberState state = store.get(e164);
        state.setNumber("garbage");
        store.put(e164, state);
    }
}
