package dev.numberregistry.streams;

import org.apache.kafka.common.TopicPartition;

/**
 * Where the event log ends, and how far the registry has committed its reading of it: what the
 * deadline sweep asks before it decides (see DeadlineGate).
 */
public interface LogPositions {

    /**
     * The offset below which every record of the partition is committed or aborted (what a
     * read_committed reader can read up to).
     *
     * @throws IllegalStateException when the broker cannot say now
     */
    long stableEnd(TopicPartition partition);

    /**
     * The next offset the application will read in the partition, as committed; 0 when it has
     * committed nothing there.
     *
     * @throws IllegalStateException when the broker cannot say now
     */
    long committed(String applicationId, TopicPartition partition);

    /**
     * For a topology that processes every record before its caller goes on (Kafka Streams' test
     * driver): nothing is ever on its way.
     */
    LogPositions ALL_READ = new LogPositions() {
        @Override
        public long stableEnd(TopicPartition partition) {
            return 0;
        }

        @Override
        public long committed(String applicationId, TopicPartition partition) {
            return 0;
        }
    };
}
