package dev.numberregistry.streams.testing;

import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.errors.FailureHandling;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** Starts the registry's topology on a real broker, with exactly-once processing as in production. */
public final class RegistryRunner {

    private RegistryRunner() {
    }

    public static KafkaStreams start(InJvmKafkaCluster kafka, String applicationId, Path stateDir,
                                     PolicyBook policies, DeadlineSweep sweep) {
        return start(kafka.bootstrapServers(), applicationId, stateDir, policies, sweep);
    }

    public static KafkaStreams start(String bootstrapServers, String applicationId, Path stateDir,
                                     PolicyBook policies, DeadlineSweep sweep) {
        return start(bootstrapServers, applicationId, stateDir, policies, sweep, RegistrySerdes.singleObjectAvro());
    }

    /** As the application runs it, a failed stream thread replaced, writing with the given serdes. */
    public static KafkaStreams start(String bootstrapServers, String applicationId, Path stateDir,
                                     PolicyBook policies, DeadlineSweep sweep, RegistrySerdes serdes) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // A registry that died is noticed within seconds, not the default 45.
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        new FailureHandling(RegistryTopics.DEFAULT.rejected(), serdes.rejections().serializer(), Clock.systemUTC())
                .configure(properties);
        AdminLogPositions positions = new AdminLogPositions(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        KafkaStreams streams = new KafkaStreams(RegistryTopology.build(RegistryTopics.DEFAULT,
                eventPlacement(bootstrapServers), positions, policies, serdes, sweep), properties);
        streams.setUncaughtExceptionHandler(error ->
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                positions.close();
            }
        });
        streams.start();
        return streams;
    }

    /** As the application does: the event log's partitions, read from the broker. */
    private static EventPlacement eventPlacement(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            String events = RegistryTopics.DEFAULT.events();
            return new EventPlacement(admin.describeTopics(List.of(events)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(events).partitions().size());
        } catch (Exception e) {
            throw new IllegalStateException("the event log's partitions could not be read", e);
        }
    }

    /** Creates every topic of the registry, as the application does at start-up. */
    public static void createTopics(InJvmKafkaCluster kafka, int partitions) {
        RegistryTopics topics = RegistryTopics.DEFAULT;
        kafka.createTopics(partitions, topics.events(), topics.rejected(), topics.reminders(), topics.notifications());
        kafka.createCompactedTopics(partitions, topics.states());
    }
}
