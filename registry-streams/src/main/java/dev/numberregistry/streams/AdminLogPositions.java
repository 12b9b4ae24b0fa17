package dev.numberregistry.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The event log's positions, as the brokers have them. */
public final class AdminLogPositions implements LogPositions, AutoCloseable {

    /** An answer later than this is no use: the gate asks again at a later sweep. */
    private static final int PATIENCE_MILLIS = (int) Duration.ofSeconds(5).toMillis();

    private final Admin admin;

    /** @param clientProperties the connection properties of an admin client (bootstrap servers...) */
    public AdminLogPositions(Map<String, Object> clientProperties) {
        this.admin = Admin.create(clientProperties);
    }

    @Override
    public CompletionStage<Long> stableEnd(TopicPartition partition) {
        ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        options.timeoutMs(PATIENCE_MILLIS);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), options).partitionResult(partition)
                .toCompletionStage().thenApply(info -> info.offset());
    }

    @Override
    public CompletionStage<Long> committed(String applicationId, TopicPartition partition) {
        // Only that partition's offset: a closed gate asks at every sweep, once per task.
        ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions();
        options.timeoutMs(PATIENCE_MILLIS);
        ListConsumerGroupOffsetsSpec onePartition = new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(partition));
        return admin.listConsumerGroupOffsets(Map.of(applicationId, onePartition), options)
                .partitionsToOffsetAndMetadata(applicationId).toCompletionStage()
                .thenApply(committed -> offsets(committed).getOrDefault(partition, 0L));
    }

    /** The next offset the application will read in each partition it has committed in. */
    public CompletionStage<Map<TopicPartition, Long>> committed(String applicationId) {
        ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions();
        options.timeoutMs(PATIENCE_MILLIS);
        return admin.listConsumerGroupOffsets(applicationId, options).partitionsToOffsetAndMetadata()
                .toCompletionStage().thenApply(AdminLogPositions::offsets);
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
