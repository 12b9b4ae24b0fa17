package dev.numberregistry.api;

import dev.numberregistry.api.health.RegistryReady;
import dev.numberregistry.api.kafka.KafkaCluster;
import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whoever started the registry where to reach it, once it answers: when readiness first
 * says UP ({@link RegistryReady}), not when the HTTP server listens (the topology is still joining
 * its group then, and queries would get 503 NOT_READY).
 */
@Singleton
class ReadyBanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyBanner.class);

    private final KafkaCluster cluster;
    private final BeanProvider<EmbeddedServer> server;

    ReadyBanner(KafkaCluster cluster, BeanProvider<EmbeddedServer> server) {
        this.cluster = cluster;
        this.server = server;
    }

    @EventListener
    void onReady(RegistryReady ready) {
        LOG.info("Number registry is ready. REST API: {}  Kafka: {}", server.get().getURL(), cluster.bootstrapServers());
    }
}
