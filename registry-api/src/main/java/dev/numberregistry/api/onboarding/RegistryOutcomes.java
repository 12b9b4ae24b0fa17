package dev.numberregistry.api.onboarding;

import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.AdminLogPositions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the registry made of the records an import wrote: it waits until the registry has committed
 * past every one of them (then each is applied, its state queryable, or rejected), and reads the
 * rejections written meanwhile. Neither wait lasts for ever: when nothing moves for
 * {@link #PATIENCE}, it gives up with a message saying what to check.
 */
final class RegistryOutcomes implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofMinutes(2);

    private final String applicationId;
    private final String rejectedTopic;
    private final AdminLogPositions positions;
    private final KafkaConsumer<String, RejectedEvent> rejections;

    RegistryOutcomes(Map<String, Object> clientProperties, String applicationId, String rejectedTopic,
                     Deserializer<RejectedEvent> rejectionReader) {
        this.applicationId = applicationId;
        this.rejectedTopic = rejectedTopic;
        Map<String, Object> consumer = new HashMap<>(clientProperties);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.rejections = new KafkaConsumer<>(consumer, new StringDeserializer(), rejectionReader);
        try {
            this.positions = new AdminLogPositions(clientProperties);
        } catch (KafkaException e) {
            rejections.close();
            throw e;
        }
    }

    /** Per partition, the rejection topic's committed end now: later rejections come after it. */
    Map<Integer, Long> rejectionsEnd() throws ImportFailedException {
        try {
            List<TopicPartition> partitions = rejections.partitionsFor(rejectedTopic, PATIENCE).stream()
                    .map(PartitionInfo::partition).map(p -> new TopicPartition(rejectedTopic, p)).toList();
            // Assigned, so that the consumer keeps the stable ends it is told of.
            rejections.assign(partitions);
            Map<Integer, Long> ends = new HashMap<>();
            rejections.endOffsets(partitions, PATIENCE).forEach((partition, end) -> ends.put(partition.partition(), end));
            if (ends.isEmpty()) {
                throw new ImportFailedException("the brokers have no topic " + rejectedTopic + ": is the registry "
                        + "running on them (--bootstrap-servers, --rejected-topic)?");
            }
            return ends;
        } catch (KafkaException e) {
            throw new ImportFailedException("cannot reach the brokers to read " + rejectedTopic + " (" + e.getMessage()
                    + "): is the registry's Kafka cluster at --bootstrap-servers?", e);
        }
    }

    /**
     * Waits until the registry has committed up to {@code writtenTo} (per partition of the event
     * topic, the offset after the last record written), telling {@code progress} how many offsets
     * are left.
     */
    void awaitCommitted(String eventsTopic, Map<Integer, Long> writtenTo, LongConsumer progress)
            throws InterruptedException, ImportFailedException {
        long lastLeft = Long.MAX_VALUE;
        long lastMoved = System.nanoTime();
        String lastProblem = "";
        while (true) {
            long left = -1;
            try {
                Map<TopicPartition, Long> committed = positions.committed(applicationId).toCompletableFuture().get();
                left = 0;
                for (Map.Entry<Integer, Long> partition : writtenTo.entrySet()) {
                    long done = committed.getOrDefault(new TopicPartition(eventsTopic, partition.getKey()), 0L);
                    left += Math.max(0, partition.getValue() - done);
                }
                progress.accept(left);
            } catch (ExecutionException e) {
                lastProblem = " (the brokers answered: " + e.getCause().getMessage() + ")";
            }
            if (left == 0) {
                return;
            }
            if (left >= 0 && left < lastLeft) {
                lastLeft = left;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > PATIENCE.toNanos()) {
                throw new ImportFailedException("the registry has applied none of the records left for "
                        + PATIENCE.toMinutes() + " minutes" + lastProblem + ": is it running, with application id "
                        + applicationId + " (--application-id), on these brokers? Every line is in the log: run the "
                        + "tool again on the same file to wait for the outcomes again.");
            }
            Thread.sleep(200);
        }
    }

    /** The rejections committed after {@code from} (per partition) that {@code ours} recognises. */
    List<RejectedEvent> rejectionsSince(Map<Integer, Long> from, Predicate<RejectedEvent> ours)
            throws ImportFailedException {
        Map<Integer, Long> to = rejectionsEnd();
        List<TopicPartition> partitions = to.keySet().stream().map(p -> new TopicPartition(rejectedTopic, p)).toList();
        rejections.assign(partitions);
        partitions.forEach(partition -> rejections.seek(partition, from.getOrDefault(partition.partition(), 0L)));
        List<RejectedEvent> found = new ArrayList<>();
        long lastRead = System.nanoTime();
        while (partitions.stream().anyMatch(p -> rejections.position(p, PATIENCE) < to.get(p.partition()))) {
            List<ConsumerRecord<String, RejectedEvent>> batch = new ArrayList<>();
            try {
                rejections.poll(Duration.ofMillis(500)).forEach(batch::add);
            } catch (RecordDeserializationException e) {
                throw new ImportFailedException("a rejection on " + e.topicPartition() + " at offset " + e.offset()
                        + " cannot be read (" + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                        + "): if the registry writes its topics in the Confluent wire format, give the import "
                        + "--schema-registry-url and --write-dialect CONFLUENT as the registry has them");
            }
            if (!batch.isEmpty()) {
                lastRead = System.nanoTime();
            } else if (System.nanoTime() - lastRead > PATIENCE.toNanos()) {
                throw new ImportFailedException("reading " + rejectedTopic + " has not moved for "
                        + PATIENCE.toMinutes() + " minutes: are the brokers still there? Run the tool again on the "
                        + "same file to read the outcomes again.");
            }
            batch.stream().map(ConsumerRecord::value).filter(ours).forEach(found::add);
        }
        return found;
    }

    @Override
    public void close() {
        try {
            rejections.close();
        } finally {
            positions.close();
        }
    }
}
