package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.DeadlineSettings;
import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the topology, and runs it for as long as the application runs. */
@Factory
public class KafkaStreamsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsFactory.class);

    @Context
    @Bean(preDestroy = "stop")
    RunningStreams kafkaStreams(KafkaClientProperties clientProperties, TopicProvisioner provisioner,
                                StreamsSettings settings, TopicSettings topicSettings, PolicyBook policies,
                                DeadlineSettings deadlines) {
        RegistryTopics topics = topicSettings.toTopics();
        provisioner.ensureTopics(topics);
        Topology topology = RegistryTopology.build(topics, policies, RegistrySerdes.singleObjectAvro(),
                deadlines.toSweep());
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(clientProperties.common(), settings));
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("A stream thread failed; replacing it", error);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        LOG.info("Registry topology started as application '{}'", settings.getApplicationId());
        return new RunningStreams(streams, settings.getCloseTimeout());
    }

    /**
     * The Streams configuration the application runs with. Public so that the throughput benchmark
     * (registry-api's test sources, {@code dev.numberregistry.api.bench}) measures exactly this.
     *
     * @param common the client properties every Kafka client starts from (bootstrap servers...)
     */
    public static Properties streamsProperties(Map<String, Object> common, StreamsSettings settings) {
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.getApplicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, settings.getStateDir().toAbsolutePath().toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.getThreads());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.getCommitInterval().toMillis());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return properties;
    }
}
