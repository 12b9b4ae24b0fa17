package dev.numberregistry.api.cluster;

import static org.awaitility.Awaitility.await;

import dev.numberregistry.api.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster as operators run one: a KRaft controller and three brokers, each a process of
 * its own, with the replication a production cluster has (3 replicas, 2 in sync to acknowledge).
 * A broker can be killed and started again on its data.
 */
final class ProcessKafkaCluster implements AutoCloseable {

    static final int BROKERS = 3;
    private static final int CONTROLLER_ID = 1000;
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);

    private final ChildJvm controller;
    private final List<ChildJvm> brokers = new ArrayList<>();
    private final String bootstrapServers;

    private ProcessKafkaCluster(Path directory) {
        String clusterId = Uuid.randomUuid().toString();
        int controllerPort = FreePorts.freePort();
        String voters = CONTROLLER_ID + "@localhost:" + controllerPort;
        Map<String, String> controllerConfig = common(voters, directory.resolve("controller"));
        controllerConfig.put("process.roles", "controller");
        controllerConfig.put("node.id", Integer.toString(CONTROLLER_ID));
        controllerConfig.put("listeners", "CONTROLLER://localhost:" + controllerPort);
        controllerConfig.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        controller = node("controller", directory, clusterId, controllerConfig);
        List<String> addresses = new ArrayList<>();
        for (int id = 1; id <= BROKERS; id++) {
            int port = FreePorts.freePort();
            addresses.add("localhost:" + port);
            Map<String, String> config = common(voters, directory.resolve("broker-" + id));
            config.put("process.roles", "broker");
            config.put("node.id", Integer.toString(id));
            config.put("listeners", "PLAINTEXT://localhost:" + port);
            config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
            config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            config.put("inter.broker.listener.name", "PLAINTEXT");
            // What a production cluster has: every record on three brokers, acknowledged by two.
            config.put("default.replication.factor", "3");
            config.put("min.insync.replicas", "2");
            config.put("offsets.topic.replication.factor", "3");
            config.put("transaction.state.log.replication.factor", "3");
            config.put("transaction.state.log.min.isr", "2");
            config.put("offsets.topic.num.partitions", "3");
            config.put("transaction.state.log.num.partitions", "3");
            config.put("group.initial.rebalance.delay.ms", "0");
            config.put("auto.create.topics.enable", "false");
            config.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
            brokers.add(node("broker-" + id, directory, clusterId, config));
        }
        bootstrapServers = String.join(",", addresses);
    }

    /** Formats each node's storage, starts them, and waits until every broker has joined. */
    static ProcessKafkaCluster start(Path directory) {
        ProcessKafkaCluster cluster = new ProcessKafkaCluster(directory);
        cluster.controller.start();
        cluster.brokers.forEach(ChildJvm::start);
        cluster.awaitBrokers(BROKERS);
        return cluster;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Broker 1, 2 or 3 fails as a machine does. */
    void killBroker(int id) {
        brokers.get(id - 1).kill();
        awaitBrokers(BROKERS - 1);
    }

    /** Broker 1, 2 or 3 comes back on its data and catches up. */
    void restartBroker(int id) {
        brokers.get(id - 1).start();
        awaitBrokers(BROKERS);
    }

    private void awaitBrokers(int count) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await("brokers in the cluster: " + count + "; see " + describe()).atMost(START_PATIENCE)
                    .ignoreExceptions().until(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)
                            .size() == count);
        }
    }

    private String describe() {
        return controller.describe() + ", " + brokers.stream().map(ChildJvm::describe)
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        brokers.stream().filter(ChildJvm::isAlive).forEach(ChildJvm::stop);
        if (controller.isAlive()) {
            controller.stop();
        }
    }

    private static Map<String, String> common(String voters, Path logDirectory) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("controller.quorum.voters", voters);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("log.dirs", logDirectory.toString());
        return config;
    }

    private static ChildJvm node(String name, Path directory, String clusterId, Map<String, String> config) {
        Path file = directory.resolve(name + ".properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        format(name, directory, clusterId, file);
        return ChildJvm.of(name, directory, "384m", List.of(), "kafka.Kafka", file.toString());
    }

    /** As {@code kafka-storage.sh format} does, once, before the node first starts. */
    private static void format(String name, Path directory, String clusterId, Path config) {
        ChildJvm format = ChildJvm.of(name + "-format", directory, "256m", List.of(), "kafka.tools.StorageTool",
                "format", "--cluster-id", clusterId, "--config", config.toString());
        format.start();
        try {
            format.awaitSuccess();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not format " + name + ": " + e.getMessage(), e);
        }
    }
}
