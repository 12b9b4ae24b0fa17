package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records in a partition other than their key's are moved to it; one that arrives misplaced again
 * after a move is rejected instead of moved for ever. (The test driver reads every record from
 * partition 0; a real broker and kcat show the move itself, in registry-api's tests.)
 */
class MisplacedRecordTest {

    private static final EventPlacement TWO_PARTITIONS = new EventPlacement(2);

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry().withPlacement(TWO_PARTITIONS);

    private static TestEvents numberInPartition(int partition) {
        for (long candidate = 14155550100L; ; candidate++) {
            String e164 = "+" + candidate;
            if (TWO_PARTITIONS.partitionOf(e164.getBytes(StandardCharsets.UTF_8)) == partition) {
                return TestEvents.about(e164);
            }
        }
    }

    @Test
    void aRecordInItsKeysPartitionIsAppliedThere() {
        TestEvents inPartitionZero = numberInPartition(0);

        registry.when(inPartitionZero.on(0, new NumberAssigned("s", PlanType.POSTPAID, null)));

        assertThat(registry.storedState(inPartitionZero.e164())).isNotNull();
        registry.thenStateOf(inPartitionZero.e164());
        assertThat(registry.metric("misplaced-records-total")).isZero();
    }

    @Test
    void aMisplacedRecordIsMovedOnceAndNotAgain() {
        TestEvents belongsInPartitionOne = numberInPartition(1);
        NumberEvent assigned = belongsInPartitionOne.on(0, new NumberAssigned("s", PlanType.POSTPAID, null));

        registry.when(assigned);

        // Moved, the driver reads it from partition 0 again: the registry counts one move and
        // refuses a second one.
        assertThat(registry.metric("misplaced-records-total")).isEqualTo(1.0);
        assertThat(registry.thenMoved()).as("moved as it came, marked with where it came from").singleElement()
                .satisfies(moved -> {
                    assertThat(moved.key()).isEqualTo(belongsInPartitionOne.e164());
                    assertThat(moved.value()).isEqualTo(TopologyScenario.SERDES.events().serializer()
                            .serialize(TopologyScenario.TOPICS.events(), EventMapping.toWire(assigned)));
                    byte[] movedFrom = moved.headers().lastHeader(LifecycleEventProcessor.MOVED_FROM_HEADER).value();
                    assertThat(new String(movedFrom, StandardCharsets.UTF_8)).isEqualTo("number-events-0@0");
                });
        RejectedEvent rejection = registry.thenRejected(IntakeRejection.MISPLACED);
        assertThat(rejection.getReason()).startsWith("the registry moved this record from number-events-0@0 "
                + "to partition 1 of the 2 it counts, and it arrived in partition 0");
        assertThat(registry.storedState(belongsInPartitionOne.e164())).isNull();
    }
}
