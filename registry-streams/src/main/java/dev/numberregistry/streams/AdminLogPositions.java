package dev.numberregistry.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The event log's positions, as the brokers have them. */
public final class AdminLogPositions implements LogPositions, AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Admin admin;

    /** @param clientProperties the connection properties of an admin client (bootstrap servers...) */
    public AdminLogPositions(Map<String, Object> clientProperties) {
        this.admin = Admin.create(clientProperties);
    }

    @Override
    public long stableEnd(TopicPartition partition) {
        return answer(admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition)).offset();
    }

    @Override
    public long committed(String applicationId, TopicPartition partition) {
        OffsetAndMetadata committed = answer(admin.listConsumerGroupOffsets(Map.of(applicationId,
                        new ListConsumerGroupOffsetsSpec().topicPartitions(java.util.List.of(partition))))
                .partitionsToOffsetAndMetadata(applicationId)).get(partition);
        return committed == null ? 0 : committed.offset();
    }

    private static <T> T answer(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the brokers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the brokers did not say: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
