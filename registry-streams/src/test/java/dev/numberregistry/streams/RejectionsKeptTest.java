package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a number's own task keeps of what was refused about it: the refusals of the HTTP intake,
 * which reach it through the log, beside its own rejections, and only the latest of them all.
 */
class RejectionsKeptTest {

    private static final int KEPT = 3;

    private final TestEvents alice = TestEvents.about("+14155552671");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry()
            .withLimits(RecordLimits.DEFAULT.withMaxRejectionsKept(KEPT));

    private RejectedEvent refusedAtIntake(String eventId) {
        return RejectionRecords.of(RejectionCode.INVALID_EVENT.name(), "amountMinorUnits is required", eventId,
                alice.e164(), "TopUpMade", "http:POST /events", null,
                ("{\"eventId\":\"" + eventId + "\",\"type\":\"TopUpMade\"}").getBytes(StandardCharsets.UTF_8), day(3));
    }

    @Test
    void aRefusalOfTheIntakeIsKeptForItsNumberAsTheIntakeWroteItAndPassedOnToTheRejectedTopic() {
        RejectedEvent refusal = refusedAtIntake("top-1");

        registry.whenRefusedAtIntake(refusal);

        assertThat(registry.thenRejected(RejectionCode.INVALID_EVENT)).isEqualTo(refusal);
        assertThat(registry.rejectionsKept(alice.e164())).containsExactly(refusal);
        assertThat(registry.storedState(alice.e164())).as("a refusal changes no state").isNull();
        assertThat(registry.historyIds(alice.e164())).isEmpty();
    }

    @Test
    void aRefusalOfTheIntakeUnderAnotherNumbersKeyIsRejectedAndKeptForNeither() {
        registry.whenRefusedAtIntake("+4930123456", refusedAtIntake("top-2"));

        RejectedEvent rejection = registry.thenRejected(IntakeRejection.KEY_MISMATCH);
        assertThat(rejection.getReason()).contains("+4930123456").contains(alice.e164());
        assertThat(registry.rejectionsKept(alice.e164())).isEmpty();
        assertThat(registry.rejectionsKept("+4930123456")).isEmpty();
    }

    @Test
    void aNumberKeepsItsLatestRejectionsOfEveryOriginAndTheTopicHasThemAll() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));
        List<String> refused = new ArrayList<>();

        for (int i = 1; i <= 4; i++) {
            registry.when(alice.on(1, new NumberReassigned("bob-" + i, PlanType.PREPAID, null)));
            refused.add(registry.thenRejected(RejectionCode.NOT_AVAILABLE).getEventId());
        }
        registry.whenRefusedAtIntake(refusedAtIntake("top-3"));
        refused.add(registry.thenRejected(RejectionCode.INVALID_EVENT).getEventId());

        assertThat(refused).hasSize(5).doesNotHaveDuplicates();
        assertThat(registry.rejectionsKept(alice.e164())).extracting(RejectedEvent::getEventId)
                .containsExactlyElementsOf(refused.subList(refused.size() - KEPT, refused.size()));
        assertThat(registry.<Long>store(RegistryStores.NUMBER_REJECTION_COUNTS).get(alice.e164()))
                .isEqualTo((long) KEPT);
    }

    @Test
    void aMarkedRecordThatNoIntakeCouldHaveWrittenIsRejectedAndKeptForNoNumber() {
        RejectedEvent notANumbersKey = RejectionRecords.of(RejectionCode.INVALID_EVENT.name(), "forged", "f-1",
                "not-a-number", "TopUpMade", "http:POST /events", null, null, day(3));
        registry.whenRefusedAtIntake("not-a-number", notANumbersKey);
        assertThat(registry.thenRejected(IntakeRejection.KEY_MISMATCH).getReason()).contains("E.164");

        RejectedEvent unknownCode = RejectionRecords.of("NOT_A_CODE", "forged", "f-2", alice.e164(), "TopUpMade",
                "http:POST /events", null, null, day(3));
        registry.whenRefusedAtIntake(unknownCode);
        assertThat(registry.thenRejected(IntakeRejection.UNDECODABLE).getReason()).contains("NOT_A_CODE");

        RejectedEvent tooLarge = new RejectedEvent(RejectionCode.INVALID_EVENT.name(), "forged", "f-3", alice.e164(),
                "TopUpMade", "http:POST /events", null,
                ByteBuffer.wrap(new byte[RejectionRecords.MAX_ENCODED_BYTES]), day(3), null, null);
        registry.whenRefusedAtIntake(tooLarge);
        assertThat(registry.thenRejected(IntakeRejection.TOO_LARGE).getReason()).contains("more than any refusal");

        assertThat(registry.rejectionsKept(alice.e164())).isEmpty();
    }

    @Test
    void rejectionsKeptBeforeTheyWereCountedAreCountedOnceAndTheOldestGo() {
        // As a registry upgraded from a build that kept rejections without counting them: kept at
        // offsets of the event log that the events given here pass beyond.
        TestEvents bob = TestEvents.about("+4930123456");
        registry.given(bob.on(0, new NumberAssigned("bob", PlanType.POSTPAID, null)));
        for (int day = 1; day <= KEPT + 2; day++) {
            registry.given(bob.on(day, new SimChanged(null)));
        }
        KeyValueStore<String, RejectedEvent> kept = registry.store(RegistryStores.NUMBER_REJECTIONS);
        for (int offset = 1; offset <= KEPT + 2; offset++) {
            kept.put(RegistryStores.numberKey(alice.e164(), offset), refusedAtIntake("old-" + offset));
        }

        registry.whenRefusedAtIntake(refusedAtIntake("new-1"));
        registry.thenRejected(RejectionCode.INVALID_EVENT);

        assertThat(registry.rejectionsKept(alice.e164())).extracting(RejectedEvent::getEventId)
                .containsExactly("old-4", "old-5", "new-1");
        assertThat(registry.<Long>store(RegistryStores.NUMBER_REJECTION_COUNTS).get(alice.e164()))
                .isEqualTo((long) KEPT);
    }
}
