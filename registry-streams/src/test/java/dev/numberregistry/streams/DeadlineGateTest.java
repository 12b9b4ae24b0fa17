package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeadlineGateTest {

    private static final TopicPartition PARTITION = new TopicPartition("number-events", 3);
    private static final boolean BUSY = false;
    private static final boolean IDLE = true;

    /** The brokers as a test tells them: each question waits for the test to answer it. */
    private static final class ScriptedLog implements LogPositions {
        final List<CompletableFuture<Long>> stableEnds = new ArrayList<>();
        final List<CompletableFuture<Long>> committeds = new ArrayList<>();

        @Override
        public CompletionStage<Long> stableEnd(TopicPartition partition) {
            CompletableFuture<Long> answer = new CompletableFuture<>();
            stableEnds.add(answer);
            return answer;
        }

        @Override
        public CompletionStage<Long> committed(String applicationId, TopicPartition partition) {
            CompletableFuture<Long> answer = new CompletableFuture<>();
            committeds.add(answer);
            return answer;
        }

        void answerStableEnd(long offset) {
            stableEnds.get(stableEnds.size() - 1).complete(offset);
        }

        void answerCommitted(long offset) {
            committeds.get(committeds.size() - 1).complete(offset);
        }
    }

    private final ScriptedLog log = new ScriptedLog();
    private final DeadlineGate gate = new DeadlineGate(log, PARTITION, "number-registry");

    @Test
    void aStartingTaskDecidesOnlyOnceItHasCommittedWhatWasInTheLogAndNeverWaitsForTheBrokers() {
        assertThat(gate.mayDecide(BUSY)).as("asked, not answered yet").isFalse();
        log.answerStableEnd(120);
        assertThat(gate.mayDecide(BUSY)).isFalse();
        log.answerCommitted(100);
        assertThat(gate.mayDecide(BUSY)).as("committed 100 of 120").isFalse();
        assertThat(gate.mayDecide(BUSY)).isFalse();
        log.answerCommitted(120);

        assertThat(gate.mayDecide(BUSY)).isTrue();
        assertThat(log.stableEnds).as("the end it saw first is the one to reach").hasSize(1);
    }

    @Test
    void anOpenGateAsksNothingTillAPastDeadlineArrives() {
        gate.mayDecide(BUSY);
        log.answerStableEnd(10);
        gate.mayDecide(BUSY);
        log.answerCommitted(10);
        assertThat(gate.mayDecide(BUSY)).isTrue();

        assertThat(gate.mayDecide(BUSY)).isTrue();
        assertThat(log.stableEnds).hasSize(1);
        assertThat(log.committeds).hasSize(1);

        gate.pastDeadlineArrived();
        assertThat(gate.mayDecide(BUSY)).as("the records after it come first").isFalse();
        assertThat(log.stableEnds).hasSize(2);
    }

    @Test
    void aTaskWithNothingToReadHasReadAllThereIsWhateverItCommitted() {
        // A task that read nothing since it started commits nothing: after aborted records at the
        // end of its log, its committed offset would never reach the stable end.
        gate.mayDecide(BUSY);
        log.answerStableEnd(57);

        assertThat(gate.mayDecide(IDLE)).isTrue();
    }

    @Test
    void withoutAnAnswerFromTheBrokersNothingIsDecidedAndTheGateAsksAgain() {
        gate.mayDecide(BUSY);
        log.stableEnds.get(0).completeExceptionally(new IllegalStateException("no broker"));

        assertThat(gate.mayDecide(BUSY)).isFalse();
        assertThat(gate.mayDecide(BUSY)).isFalse();
        assertThat(log.stableEnds).as("asked again").hasSize(2);
    }
}
