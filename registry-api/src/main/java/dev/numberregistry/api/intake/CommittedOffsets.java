package dev.numberregistry.api.intake;

import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the registry has committed its work on the event log. Under exactly-once the topology
 * commits its input offsets in the same transaction as everything the input changed, so a record
 * below the committed offset is applied or rejected for good; what the stores show above it may
 * still be rolled back if the instance fails before the commit.
 */
@Singleton
class CommittedOffsets {

    private final Admin admin;
    private final String applicationId;

    CommittedOffsets(KafkaClientProperties clientProperties, StreamsSettings settings) {
        this.admin = Admin.create(clientProperties.common());
        this.applicationId = settings.getApplicationId();
    }

    /**
     * The next offset the registry will read in each partition asked for; a partition it has
     * committed nothing in is left out. Empty when the broker cannot say within {@code patience}.
     */
    Map<TopicPartition, Long> of(Set<TopicPartition> partitions, Duration patience) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                            Map.of(applicationId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                    .partitionsToOffsetAndMetadata(applicationId).get(patience.toMillis(), TimeUnit.MILLISECONDS);
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    committed.put(partition, offset.offset());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not known now: the caller asks again, or answers PENDING.
        }
        return committed;
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
