package dev.numberregistry.streams.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka cluster (one combined broker and controller) running inside the test
 * JVM, for integration tests that need more than {@code TopologyTestDriver}: transactions, rebalances,
 * real serialization over the wire. There is no Docker engine here, so Testcontainers is not an option.
 *
 * <pre>{@code
 * try (InJvmKafkaCluster kafka = InJvmKafkaCluster.start()) {
 *     kafka.createTopics(1, "number-events");
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>Each instance uses its own temporary directory and free ports, so tests may run several side by
 * side; the directory is deleted on {@link #close()}.
 */
public final class InJvmKafkaCluster implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;

    private InJvmKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts one combined broker+controller node and returns once the broker serves clients. */
    public static InJvmKafkaCluster start() {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                // The test kit would otherwise bootstrap with the latest *testing* metadata version,
                // which production brokers never run.
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .build();
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    // The broker defaults of 3 replicas for internal topics cannot be met by one node:
                    // consumer groups and transactions (exactly_once_v2) would wait for ever.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    // Tests start their consumers and Streams apps right away: no reason to wait 3 s
                    // for more group members to join.
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics are created explicitly so that a misspelt topic name fails a test.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InJvmKafkaCluster(cluster);
        } catch (Exception e) {
            closeQuietly(cluster, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the in-JVM Kafka cluster", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics with the broker's default (delete) clean-up policy; waits until they exist. */
    public void createTopics(int partitions, String... names) {
        create(partitions, Map.of(), names);
    }

    /** Creates log-compacted topics, as used for changelogs and latest-value topics. */
    public void createCompactedTopics(int partitions, String... names) {
        create(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    private void create(int partitions, Map<String, String> topicConfig, String... names) {
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1).configs(topicConfig))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + Arrays.toString(names), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + Arrays.toString(names), e);
        }
    }

    /** Stops the node and deletes its data directory. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not stop the in-JVM Kafka cluster", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster, Exception cause) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
