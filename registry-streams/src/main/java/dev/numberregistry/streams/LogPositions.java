package dev.numberregistry.streams;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the event log ends, and how far the registry has committed its reading of it: what the
 * deadline sweep asks before it decides (see DeadlineGate). Answers come later, so that a stream
 * thread never waits on the brokers.
 */
public interface LogPositions {

    /**
     * The offset below which every record of the partition is committed or aborted (what a
     * read_committed reader can read up to).
     */
    CompletionStage<Long> stableEnd(TopicPartition partition);

    /** The next offset the application will read in the partition, as committed; 0 before any commit. */
    CompletionStage<Long> committed(String applicationId, TopicPartition partition);
}
