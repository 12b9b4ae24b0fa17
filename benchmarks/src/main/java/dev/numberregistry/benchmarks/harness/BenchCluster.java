package dev.numberregistry.benchmarks.harness;

import static dev.numberregistry.benchmarks.harness.Bench.out;

import dev.numberregistry.api.kafka.EmbeddedKafkaBroker;
import dev.numberregistry.api.kafka.TopicProvisioner;
import dev.numberregistry.streams.RegistryTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A benchmark's Kafka: the registry's embedded broker (the application's own,
 * {@link EmbeddedKafkaBroker}, on a free port) in a temporary directory, with every topic of
 * {@link RegistryTopics#DEFAULT} as the application creates them ({@link TopicProvisioner#newTopics})
 * and any plain topics a benchmark adds, all with the same number of partitions. Closing it stops
 * the broker and deletes the directory, which also holds the state stores of a registry under test
 * ({@link #directory()}).
 */
public final class BenchCluster implements AutoCloseable {

    /** Reading a topic to its end outside a timed window: longer means something is broken. */
    private static final Duration READ_TO_END_LIMIT = Duration.ofMinutes(5);

    private final WorkDirectory directory;
    private final EmbeddedKafkaBroker broker;
    private final int partitions;

    private BenchCluster(WorkDirectory directory, EmbeddedKafkaBroker broker, int partitions) {
        this.directory = directory;
        this.broker = broker;
        this.partitions = partitions;
    }

    public static BenchCluster start(String directoryPrefix, int partitions, String... plainTopics) throws Exception {
        WorkDirectory directory = WorkDirectory.create(directoryPrefix);
        EmbeddedKafkaBroker broker = null;
        try {
            broker = EmbeddedKafkaBroker.start(directory.resolve("kafka"), 0);
            BenchCluster cluster = new BenchCluster(directory, broker, partitions);
            cluster.createTopics(plainTopics);
            return cluster;
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            directory.close();
            throw e;
        }
    }

    private void createTopics(String... plainTopics) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : plainTopics) {
            wanted.add(new NewTopic(topic, partitions, (short) 1));
        }
        // Every topic of RegistryTopics: a sink topic that is missing would stall the topology, as
        // the broker creates none.
        wanted.addAll(TopicProvisioner.newTopics(RegistryTopics.DEFAULT, partitions, (short) 1));
        try (Admin admin = admin()) {
            admin.createTopics(wanted).all().get(60, TimeUnit.SECONDS);
        }
        out("Created topics %s with %d partitions each", wanted.stream().map(NewTopic::name).toList(), partitions);
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The temporary directory: a registry's state stores go below it. */
    public Path directory() {
        return directory.path();
    }

    public int partitions() {
        return partitions;
    }

    /** Every partition of the topics. */
    public List<TopicPartition> partitionsOf(String... topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        return all;
    }

    public KafkaConsumer<byte[], byte[]> committedReader(int maxPollRecords) {
        return KafkaClients.committedReader(bootstrap(), maxPollRecords);
    }

    public Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /** read_committed end offsets (the last stable offsets). */
    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> topicPartitions) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            topicPartitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topicPartitions, e);
        }
    }

    /**
     * Reads the committed records of the partitions, each from its offset in {@code from} (from its
     * start where it has none) to its end as it is now, handing each to {@code each}; returns how
     * many were read. Outside any timed window: for checking what a run wrote.
     */
    public long readToEnd(List<TopicPartition> topicPartitions, Map<TopicPartition, Long> from,
                          Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> ends = endOffsets(topicPartitions);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(5_000)) {
            KafkaClients.positionAtStart(consumer, topicPartitions);
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + READ_TO_END_LIMIT.toNanos();
            while (topicPartitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topicPartitions + " to their end in "
                            + READ_TO_END_LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    each.accept(record);
                }
            }
        }
        return read;
    }

    /** How many committed records the partitions hold now. */
    public long countAll(List<TopicPartition> topicPartitions) {
        return readToEnd(topicPartitions, Map.of(), record -> { });
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            directory.close();
        }
    }
}
