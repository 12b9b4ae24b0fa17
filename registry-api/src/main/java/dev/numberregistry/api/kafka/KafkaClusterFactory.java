package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.KafkaSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured cluster, or, when none is configured, an embedded broker of our own. */
@Factory
class KafkaClusterFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    KafkaCluster kafkaCluster(KafkaSettings settings) {
        if (settings.getBootstrapServers().isPresent()) {
            String servers = settings.getBootstrapServers().get();
            LOG.info("Using the Kafka cluster at {}", servers);
            return new ExternalCluster(servers);
        }
        LOG.info("No Kafka cluster configured (registry.kafka.bootstrap-servers): starting an embedded broker in {}",
                settings.getEmbeddedDataDir().toAbsolutePath());
        return EmbeddedKafkaBroker.start(settings.getEmbeddedDataDir(), settings.getEmbeddedPort());
    }

    /** A cluster someone else runs: nothing to stop. */
    private record ExternalCluster(String bootstrapServers) implements KafkaCluster {
        @Override
        public void close() {
        }
    }
}
