package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records in a partition other than their key's are moved to it; one that arrives misplaced again
 * after a move is rejected instead of moved for ever. (The test driver reads every record from
 * partition 0; a real broker and kcat show the move itself, in registry-api's tests.)
 */
class MisplacedRecordTest {

    private static final EventPlacement TWO_PARTITIONS = new EventPlacement(2);

    @TempDir
    Path stateDir;

    private TopologyFixture registry;

    @AfterEach
    void close() {
        registry.close();
    }

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
        registry = TopologyFixture.start(stateDir, TWO_PARTITIONS);
        TestEvents inPartitionZero = numberInPartition(0);

        registry.send(inPartitionZero.on(0, new NumberAssigned("s", PlanType.POSTPAID, null)));

        assertThat(registry.state(inPartitionZero.e164())).isNotNull();
        assertThat(registry.metric("misplaced-records-total")).isZero();
    }

    @Test
    void aMisplacedRecordIsMovedOnceAndNotAgain() {
        registry = TopologyFixture.start(stateDir, TWO_PARTITIONS);
        TestEvents belongsInPartitionOne = numberInPartition(1);

        registry.send(belongsInPartitionOne.on(0, new NumberAssigned("s", PlanType.POSTPAID, null)));

        // Moved, the driver reads it from partition 0 again: the registry counts one move and
        // refuses a second one.
        assertThat(registry.metric("misplaced-records-total")).isEqualTo(1.0);
        List<RejectedEvent> rejections = registry.rejectionsWritten();
        assertThat(rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.MISPLACED.name());
            assertThat(rejection.getReason()).startsWith("the registry moved this record from number-events-0@0 "
                    + "to partition 1 of the 2 it counts, and it arrived in partition 0");
        });
        assertThat(registry.state(belongsInPartitionOne.e164())).isNull();
    }
}
