package dev.numberregistry.api;

import dev.numberregistry.api.kafka.KafkaCluster;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells whoever started the registry where to reach it. */
@Singleton
class ReadyBanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyBanner.class);

    private final KafkaCluster cluster;

    ReadyBanner(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        LOG.info("Number registry is ready. REST API: {}  Kafka: {}", event.getSource().getURL(),
                cluster.bootstrapServers());
    }
}
