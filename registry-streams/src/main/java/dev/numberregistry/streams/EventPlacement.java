package dev.numberregistry.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition of the event log a number's records belong in: the one Java's default
 * partitioner chooses for its key (murmur2 of the key's bytes). The registry keeps each number's
 * state, history and idempotency ledger in the task of that partition, and its queries look for
 * the number there. A producer whose partitioner chooses otherwise (librdkafka's default,
 * CRC32-based) puts records elsewhere; the topology moves them (see LifecycleEventProcessor).
 *
 * @param partitions how many partitions the event log has
 */
public record EventPlacement(int partitions) {

    public EventPlacement {
        if (partitions < 1) {
            throw new IllegalArgumentException("the event log has at least one partition, not " + partitions);
        }
    }

    /** The partition a record with this key belongs in. */
    public int partitionOf(byte[] key) {
        return partitionOf(key, partitions);
    }

    private static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * Writes a moved record to its key's partition, chosen from the topic's partition count as the
     * producer sees it, rather than left to the producer's partitioner, which may be configured
     * otherwise.
     */
    static StreamPartitioner<String, Object> byKey() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(partitionOf(
                key.getBytes(StandardCharsets.UTF_8), partitions)));
    }
}
