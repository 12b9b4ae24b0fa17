package dev.numberregistry.api.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (one process that is both KRaft controller and broker) running inside the
 * application's JVM, for the default set-up in which no external cluster is configured.
 *
 * <p>Its data lives under the given directory and survives restarts: the directory is formatted (which
 * fixes the cluster id in {@code meta.properties}) only the first time. The ports may change from one
 * start to the next; the controller quorum is static ({@code controller.quorum.voters}), so the voter's
 * address comes from the configuration of each start rather than from the metadata log.
 *
 * <p>Everything about the broker's internal classes stays in here, behind {@link KafkaCluster}.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String LOOPBACK_HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String LOG_DIRECTORY_NAME = "kafka-logs";
    private static final String META_PROPERTIES = "meta.properties";
    /** Generous: the first start on a slow disk creates the metadata log and internal topics. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDirectory, int brokerPort, int controllerPort,
                                String clusterId) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    /** Starts the broker on two free loopback ports picked now. */
    public static EmbeddedKafkaBroker start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /**
     * Starts the broker with clients on {@code brokerPort} (0: any free port), and its
     * controller on a free port picked now.
     */
    public static EmbeddedKafkaBroker start(Path dataDirectory, int brokerPort) {
        int[] ports = freeLoopbackPorts(2);
        int controllerPort = ports[1] != brokerPort ? ports[1] : ports[0];
        return start(dataDirectory, brokerPort == 0 ? ports[0] : brokerPort, controllerPort);
    }

    /**
     * Starts the broker, formatting {@code dataDirectory} first if it holds no Kafka data yet, and returns
     * once the broker accepts client connections.
     *
     * @param brokerPort     loopback port for clients
     * @param controllerPort loopback port of the KRaft controller (only the node itself connects to it)
     */
    public static EmbeddedKafkaBroker start(Path dataDirectory, int brokerPort, int controllerPort) {
        long startNanos = System.nanoTime();
        Path logDirectory = dataDirectory.toAbsolutePath().resolve(LOG_DIRECTORY_NAME);
        KafkaConfig config = new KafkaConfig(brokerConfig(logDirectory, brokerPort, controllerPort));
        formatUnlessFormatted(logDirectory);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrapServers = LOOPBACK_HOST + ":" + brokerPort;
        String clusterId;
        try {
            server.startup();
            clusterId = awaitClientConnections(bootstrapServers);
        } catch (RuntimeException e) {
            stop(server);
            throw e;
        }
        LOG.info("Embedded Kafka broker (cluster {}) ready in {} ms at {}, controller at {}:{}, data in {}",
                clusterId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), bootstrapServers,
                LOOPBACK_HOST, controllerPort, logDirectory);
        return new EmbeddedKafkaBroker(server, logDirectory, brokerPort, controllerPort, clusterId);
    }

    @Override
    public String bootstrapServers() {
        return LOOPBACK_HOST + ":" + brokerPort;
    }

    /** The id generated when the data directory was formatted; stable across restarts. */
    public String clusterId() {
        return clusterId;
    }

    int brokerPort() {
        return brokerPort;
    }

    int controllerPort() {
        return controllerPort;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LOG.info("Stopping embedded Kafka broker at {} (data in {})", bootstrapServers(), logDirectory);
            stop(server);
            LOG.info("Embedded Kafka broker stopped");
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> brokerConfig(Path logDirectory, int brokerPort, int controllerPort) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set (kraft.version 0) rather than controller.quorum.bootstrap.servers with a
        // dynamic quorum: a dynamic quorum records the voter's endpoint in the metadata log at format
        // time, while the static one is read from this config on every start, so the ports may change.
        props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK_HOST + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + LOOPBACK_HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + LOOPBACK_HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + LOOPBACK_HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDirectory.toString());

        // The defaults ask for 3 replicas of the internal topics, which one node can never provide:
        // consumer groups would find no coordinator and exactly_once_v2 producers would hang in
        // initTransactions().
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // One application on one node: 50 partitions per internal topic would only cost start-up time
        // and file handles.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("num.partitions", "1");

        // The application's single Streams instance should not wait 3 s for group members that never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created deliberately, with their partition counts and compaction; a typo must fail.
        props.put("auto.create.topics.enable", "false");
        // The log cleaner allocates this buffer on the heap up front (128 MiB by default); the registry's
        // compacted topics are small.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return props;
    }

    /**
     * Formats a new data directory with a fresh cluster id, and leaves an existing one alone so that its
     * topics, offsets and cluster id survive the restart.
     */
    private static void formatUnlessFormatted(Path logDirectory) {
        if (Files.exists(logDirectory.resolve(META_PROPERTIES))) {
            LOG.info("Reusing the Kafka data in {}", logDirectory);
            return;
        }
        try {
            Files.createDirectories(logDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + logDirectory, e);
        }
        String newClusterId = Uuid.randomUuid().toString();
        // The formatter reports on a PrintStream (System.out by default); route that to the log instead.
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(NODE_ID)
                    .setClusterId(newClusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDirectory.toString())
                    .addDirectory(logDirectory.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + logDirectory, e);
        }
        LOG.info("Formatted {} for new Kafka cluster {}: {}", logDirectory, newClusterId,
                formatterOutput.toString(StandardCharsets.UTF_8).strip());
    }

    /**
     * Proves the broker serves clients by asking it for its cluster description; returns the cluster id.
     * The Admin client retries connecting on its own until the timeout, so no polling loop is needed.
     */
    private static String awaitClientConnections(String bootstrapServers) {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness-check");
        try (Admin admin = Admin.create(adminConfig)) {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) READY_TIMEOUT.toMillis()));
            Collection<Node> nodes = cluster.nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.stream().noneMatch(node -> node.id() == NODE_ID)) {
                throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers
                        + " does not list itself as a live broker: " + nodes);
            }
            return cluster.clusterId().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers
                    + " did not accept client connections within " + READY_TIMEOUT, e);
        }
    }

    /**
     * Picks distinct free ports on the loopback interface. All sockets are held open until every port is
     * known, so the same port cannot be handed out twice; another process may still take one before the
     * broker binds it, which then fails the start loudly rather than silently.
     */
    static int[] freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK_HOST), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a socket that only ever listened cannot lose data.
                }
            }
        }
    }
}
