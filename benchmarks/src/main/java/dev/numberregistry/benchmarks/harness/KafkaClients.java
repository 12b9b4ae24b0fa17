package dev.numberregistry.benchmarks.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The benchmarks' own clients of a broker: a bulk sender's settings and a reader of committed records. */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * A bulk sender's settings: acks=all and idempotence (the defaults), larger batches. Its records
     * are raw bytes: {@link BulkSender} gives the producer its serializers.
     */
    public static Map<String, Object> bulkProducerConfig(String bootstrap, int batchSize, int lingerMs) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return config;
    }

    /** Batches of 64 KiB, 5 ms linger. */
    public static Map<String, Object> bulkProducerConfig(String bootstrap) {
        return bulkProducerConfig(bootstrap, 64 * 1024, 5);
    }

    /**
     * A reader of raw records that sees only what was committed: a registry's output is visible
     * once its transaction is. Assigned by the caller; commits nothing.
     */
    public static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns the partitions and positions the consumer at their start now, not in a timed loop. */
    public static void positionAtStart(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        for (TopicPartition partition : partitions) {
            consumer.position(partition, Duration.ofSeconds(30));
        }
    }
}
