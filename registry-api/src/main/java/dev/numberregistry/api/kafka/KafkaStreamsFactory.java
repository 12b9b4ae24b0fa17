package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.DeadlineSettings;
import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.BoundedRocksDbMemory;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.LogPositions;
import dev.numberregistry.streams.RecordLimits;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.audit.AuditTopology;
import dev.numberregistry.streams.errors.FailureHandling;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the topology, and runs it for as long as the application runs. */
@Factory
public class KafkaStreamsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsFactory.class);
    /** The host advertised when none is configured: enough for instances on one machine. */
    static final String DEFAULT_HOST = "localhost";

    @Context
    @Bean(preDestroy = "stop")
    RunningStreams kafkaStreams(KafkaClientProperties clientProperties, TopicProvisioner provisioner,
                                StreamsSettings settings, TopicSettings topicSettings, PolicyBook policies,
                                DeadlineSettings deadlines, KafkaSettings kafka, HttpServerConfiguration server,
                                StreamThreadFailures failures, Clock clock, LogPositions positions,
                                StreamsMeters meters, RegistrySerdes serdes, List<TopologyPart> parts) {
        RocksDbNativeLibrary.loadFrom(settings.getStateDir().resolve("rocksdb-native"));
        RegistryTopics topics = topicSettings.toTopics();
        EventPlacement placement = new EventPlacement(provisioner.provision(topics));
        Topology topology = RegistryTopology.build(topics, placement, positions, policies, serdes,
                deadlines.toSweep(), RecordLimits.DEFAULT.withIdempotencyWindow(settings.getIdempotencyWindow()));
        parts.forEach(part -> part.addTo(topology, topics, serdes));
        Properties properties = streamsProperties(clientProperties.common(), settings, kafka.getReplicationFactor());
        AuditTopology.configure(properties);
        new FailureHandling(topics.rejected(), serdes.rejections().serializer(), clock)
                .configure(properties);
        RunningStreams running = new RunningStreams(
                self -> launch(topology, properties, self, settings, failures, meters), placement.partitions(),
                settings.getCloseTimeout());
        // The address other instances forward queries to: configured, or this host and the HTTP port.
        // A random HTTP port is known only once the server listens (see AdvertisedPortListener).
        Optional<HostInfo> advertised = settings.getApplicationServer().map(KafkaStreamsFactory::hostInfo)
                .or(() -> server.getPort().filter(port -> port > 0).map(port -> new HostInfo(DEFAULT_HOST, port)));
        advertised.ifPresentOrElse(running::start,
                () -> LOG.info("The topology starts once the HTTP server listens: its port is the address "
                        + "advertised to other instances (registry.streams.application-server)"));
        return running;
    }

    /** Closed after the topology, which asks it until it stops. */
    @Singleton
    @Bean(preDestroy = "close")
    AdminLogPositions logPositions(KafkaClientProperties clientProperties) {
        return new AdminLogPositions(clientProperties.common());
    }

    private static KafkaStreams launch(Topology topology, Properties base, HostInfo self, StreamsSettings settings,
                                       StreamThreadFailures failures, StreamsMeters meters) {
        Properties properties = new Properties();
        properties.putAll(base);
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("A stream thread failed; replacing it", error);
            failures.failed(Thread.currentThread().getName(), error);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                meters.bind(streams);
            }
        });
        meters.bind(streams);
        streams.start();
        LOG.info("Registry topology started as application '{}', reachable by its other instances at {}:{}",
                settings.getApplicationId(), self.host(), self.port());
        return streams;
    }

    /** Reads {@code registry.streams.application-server}. */
    static HostInfo hostInfo(String endpoint) {
        try {
            return HostInfo.buildFromEndpoint(endpoint.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("registry.streams.application-server must be host:port, not '"
                    + endpoint + "': " + e.getMessage(), e);
        }
    }

    /**
     * The Streams configuration the application runs with. Public so that the throughput and
     * deadline benchmarks (the benchmarks module, {@code dev.numberregistry.benchmarks}) measure
     * exactly this.
     *
     * @param common            the client properties every Kafka client starts from (bootstrap servers...)
     * @param replicationFactor the replicas of the topics Kafka Streams makes for the stores, as of the
     *                          registry's own topics ({@code registry.kafka.replication-factor})
     */
    public static Properties streamsProperties(Map<String, Object> common, StreamsSettings settings,
                                               short replicationFactor) {
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.getApplicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The stores' changelogs are as precious as the registry's own topics: left to Kafka
        // Streams, they were made with one replica on a three-broker cluster (RealClusterTest).
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, settings.getStateDir().toAbsolutePath().toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.getThreads());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.getCommitInterval().toMillis());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        BoundedRocksDbMemory.configure(properties, settings.getRocksdbMemory());
        // Kafka Streams gives each stream thread's consumer the id with the thread's number after it.
        settings.getStaticMemberId().ifPresent(id -> properties.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        return properties;
    }
}
