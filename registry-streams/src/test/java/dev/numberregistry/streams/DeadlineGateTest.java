package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeadlineGateTest {

    private static final TopicPartition PARTITION = new TopicPartition("number-events", 3);

    /** The brokers as a test tells them: the log's stable end and the committed offset, and who asked. */
    private static final class ScriptedLog implements LogPositions {
        long stableEnd;
        long committed;
        boolean reachable = true;
        final List<String> asked = new ArrayList<>();

        @Override
        public long stableEnd(TopicPartition partition) {
            asked.add("stableEnd");
            requireReachable();
            return stableEnd;
        }

        @Override
        public long committed(String applicationId, TopicPartition partition) {
            asked.add("committed");
            requireReachable();
            return committed;
        }

        private void requireReachable() {
            if (!reachable) {
                throw new IllegalStateException("no broker");
            }
        }
    }

    private final ScriptedLog log = new ScriptedLog();
    private final DeadlineGate gate = new DeadlineGate(log, PARTITION, "number-registry");

    @Test
    void aStartingTaskDecidesOnlyOnceItHasCommittedWhatWasInTheLog() {
        log.stableEnd = 120;
        log.committed = 100;

        assertThat(gate.mayDecide()).isFalse();
        log.stableEnd = 150;
        log.committed = 119;
        assertThat(gate.mayDecide()).as("the end it saw first is the one to reach").isFalse();
        log.committed = 120;
        assertThat(gate.mayDecide()).isTrue();
    }

    @Test
    void anOpenGateAsksNothingTillAPastDeadlineArrives() {
        log.stableEnd = 10;
        log.committed = 10;
        gate.mayDecide();
        log.asked.clear();

        assertThat(gate.mayDecide()).isTrue();
        assertThat(log.asked).isEmpty();

        gate.pastDeadlineArrived();
        log.stableEnd = 40;
        assertThat(gate.mayDecide()).as("the records after it come first").isFalse();
        assertThat(log.asked).containsExactly("stableEnd", "committed");
    }

    @Test
    void withoutAnAnswerFromTheBrokersNothingIsDecided() {
        log.reachable = false;

        assertThat(gate.mayDecide()).isFalse();
        log.reachable = true;
        assertThat(gate.mayDecide()).isTrue();
    }
}
