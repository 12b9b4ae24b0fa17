package dev.numberregistry.benchmarks.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a registry's Streams application) is behind the end of its input
 * topics. With exactly-once, a group that has committed up to the end of a topic has applied every
 * record of it, and its results are visible: the moment a benchmark's preparation is done.
 */
public final class ConsumerGroupLag implements AutoCloseable {

    private final Admin admin;

    public ConsumerGroupLag(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Records of the topics not yet committed by the group (a partition it never committed counts whole). */
    public long lag(String groupId, List<String> topics) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()))).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    /** Records on the topics' partitions, as their end offsets say (transaction markers included). */
    public long endOffsets(List<String> topics) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
        return admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()))).all().get()
                .values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /**
     * Waits until the group has committed every record of the topics; fails when its lag stopped
     * going down for {@code stall} (a stuck application must not hang the run).
     *
     * @return how long it took
     */
    public Duration awaitCaughtUp(String groupId, List<String> topics, Duration stall)
            throws ExecutionException, InterruptedException {
        long start = System.nanoTime();
        long lowest = Long.MAX_VALUE;
        long lowestAt = start;
        while (true) {
            long lag = lag(groupId, topics);
            long now = System.nanoTime();
            if (lag == 0) {
                return Duration.ofNanos(now - start);
            }
            if (lag < lowest) {
                lowest = lag;
                lowestAt = now;
            } else if (now - lowestAt > stall.toNanos()) {
                throw new IllegalStateException("group " + groupId + " stopped at " + lag + " records behind on "
                        + topics);
            }
            Thread.sleep(200); // polling the broker's offsets: there is nothing to wait on instead
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
