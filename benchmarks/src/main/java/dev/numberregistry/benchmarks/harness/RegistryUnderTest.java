package dev.numberregistry.benchmarks.harness;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.KafkaStreamsFactory;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * The registry's topology running on a {@link BenchCluster}, built as the application builds it
 * ({@link RegistryTopology#build}, single-object Avro serdes, the event log's partitions) with the
 * application's Streams configuration ({@link KafkaStreamsFactory#streamsProperties}:
 * exactly_once_v2, commit interval, threads), the benchmark's policies and sweep, and its
 * {@link Options}; or, to compare, the framework's floor ({@link #startMinimalFold}) with the same
 * configuration. A stream thread that fails shuts the client down and fails the run
 * ({@link #failIfFailed}). Closing it closes the client.
 */
public final class RegistryUnderTest implements AutoCloseable {

    /**
     * What a benchmark may change of the registry it runs, each from a system property, each unset
     * or blank for the application's default: {@code bench.partitions} (KafkaSettings),
     * {@code bench.threads} and {@code bench.commitIntervalMs} (StreamsSettings), and
     * {@code bench.streams.<name>} for any other Streams property (an experiment; printed with the
     * results).
     */
    public record Options(int partitions, int threads, Long commitIntervalMs, Map<String, String> streamsOverrides) {

        public static Options fromProperties() {
            return new Options(
                    BenchProperties.intProperty("bench.partitions", new KafkaSettings().getPartitions()),
                    BenchProperties.intProperty("bench.threads", new StreamsSettings().getThreads()),
                    BenchProperties.optionalLongProperty("bench.commitIntervalMs"),
                    BenchProperties.prefixedProperties("bench.streams."));
        }

        /** "partitions=6, stream threads=2, commit interval=..., streams overrides={...}" for a run's parameters. */
        public String describe() {
            return String.format("partitions=%d, stream threads=%d, commit interval=%s, streams overrides=%s",
                    partitions, threads, commitIntervalMs == null ? "application default ("
                            + new StreamsSettings().getCommitInterval().toMillis() + " ms)" : commitIntervalMs + " ms",
                    streamsOverrides);
        }
    }

    private final KafkaStreams streams;
    private final AdminLogPositions positions;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RegistryUnderTest(KafkaStreams streams, AdminLogPositions positions) {
        this.streams = streams;
        this.positions = positions;
    }

    /**
     * Builds the topology and starts it; returns once it is RUNNING (at most 120 s).
     *
     * @param extraProperties Streams properties of the benchmark's own, set before the overrides
     */
    public static RegistryUnderTest start(BenchCluster cluster, String applicationId, Options options,
                                          Map<String, Object> extraProperties, PolicyBook policies,
                                          DeadlineSweep sweep) throws InterruptedException {
        AdminLogPositions positions = new AdminLogPositions(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()));
        return run(cluster, applicationId, options, extraProperties, RegistryTopology.build(RegistryTopics.DEFAULT,
                new EventPlacement(cluster.partitions()), positions, policies, RegistrySerdes.singleObjectAvro(),
                sweep), positions);
    }

    /**
     * The framework's floor instead of the registry ({@link MinimalFold}), with the same Streams
     * configuration: what no Kafka Streams application with a store and an output can beat.
     */
    public static RegistryUnderTest startMinimalFold(BenchCluster cluster, String applicationId, Options options,
                                                     String input, String output) throws InterruptedException {
        return run(cluster, applicationId, options, Map.of(), MinimalFold.build(input, output), null);
    }

    private static RegistryUnderTest run(BenchCluster cluster, String applicationId, Options options,
                                         Map<String, Object> extraProperties, Topology topology,
                                         AdminLogPositions positions) throws InterruptedException {
        StreamsSettings settings = new StreamsSettings();
        settings.setApplicationId(applicationId);
        settings.setStateDir(cluster.directory().resolve("streams"));
        settings.setThreads(options.threads());
        if (options.commitIntervalMs() != null) {
            settings.setCommitInterval(Duration.ofMillis(options.commitIntervalMs()));
        }
        Properties properties = KafkaStreamsFactory.streamsProperties(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()), settings, (short) 1);
        properties.putAll(extraProperties);
        properties.putAll(options.streamsOverrides());
        out("Streams properties: %s", new TreeMap<>(properties));

        KafkaStreams streams = new KafkaStreams(topology, properties);
        RegistryUnderTest registry = new RegistryUnderTest(streams, positions);
        streams.setUncaughtExceptionHandler(error -> {
            registry.failure.set(error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        try {
            long startupStart = System.nanoTime();
            streams.start();
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the topology did not reach RUNNING in 120 s: " + streams.state());
            }
            out("Topology RUNNING after %.1f s", seconds(System.nanoTime() - startupStart));
            return registry;
        } catch (InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The error of the stream thread that failed, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** @throws IllegalStateException when a stream thread failed */
    public void failIfFailed() {
        if (failure.get() != null) {
            throw new IllegalStateException("a stream thread failed", failure.get());
        }
    }

    @Override
    public void close() {
        try {
            streams.close(Duration.ofSeconds(30));
        } finally {
            if (positions != null) {
                positions.close();
            }
        }
    }
}
