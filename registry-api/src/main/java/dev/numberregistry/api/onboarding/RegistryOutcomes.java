package dev.numberregistry.api.onboarding;

import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the registry made of the records an import wrote: it waits until the registry has committed
 * past every one of them (then each is applied, its state queryable, or rejected), and reads the
 * rejections of imports written to the rejection topic meanwhile.
 */
final class RegistryOutcomes implements AutoCloseable {

    private final Map<String, Object> clientProperties;
    private final String applicationId;
    private final String rejectedTopic;
    private final Admin admin;
    private final AdminLogPositions positions;

    RegistryOutcomes(Map<String, Object> clientProperties, String applicationId, String rejectedTopic) {
        this.clientProperties = clientProperties;
        this.applicationId = applicationId;
        this.rejectedTopic = rejectedTopic;
        this.admin = Admin.create(clientProperties);
        this.positions = new AdminLogPositions(clientProperties);
    }

    /** The rejection topic's committed end now: rejections of this run come after it. */
    Map<TopicPartition, Long> rejectionsEnd() throws InterruptedException {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(rejectedTopic)).allTopicNames().get()
                    .get(rejectedTopic).partitions().stream()
                    .map(info -> new TopicPartition(rejectedTopic, info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + rejectedTopic + ": " + e.getCause(), e);
        }
    }

    /**
     * Waits until the registry has committed past {@code written} (the next offset after the last
     * record written, per partition), telling {@code progress} how many records are left.
     */
    void awaitCommitted(Map<TopicPartition, Long> written, LongConsumer progress) throws InterruptedException {
        while (true) {
            Map<TopicPartition, Long> committed;
            try {
                committed = positions.committed(applicationId).toCompletableFuture().get();
            } catch (ExecutionException e) {
                Thread.sleep(1000);
                continue;
            }
            long left = 0;
            for (Map.Entry<TopicPartition, Long> partition : written.entrySet()) {
                left += Math.max(0, partition.getValue() - committed.getOrDefault(partition.getKey(), 0L));
            }
            progress.accept(left);
            if (left == 0) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** The rejections written after {@code from} (up to the committed end now) of events whose id starts so. */
    List<RejectedEvent> rejectionsSince(Map<TopicPartition, Long> from, String eventIdPrefix)
            throws InterruptedException {
        Map<TopicPartition, Long> to = rejectionsEnd();
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<RejectedEvent> rejections = new ArrayList<>();
        try (KafkaConsumer<String, RejectedEvent> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                RegistrySerdes.singleObjectAvro().rejections().deserializer())) {
            consumer.assign(to.keySet());
            to.keySet().forEach(partition -> consumer.seek(partition, from.getOrDefault(partition, 0L)));
            while (to.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                for (ConsumerRecord<String, RejectedEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    RejectedEvent rejection = record.value();
                    if (rejection.getEventId() != null && rejection.getEventId().startsWith(eventIdPrefix)) {
                        rejections.add(rejection);
                    }
                }
            }
        }
        return rejections;
    }

    @Override
    public void close() {
        positions.close();
        admin.close(Duration.ofSeconds(5));
    }
}
