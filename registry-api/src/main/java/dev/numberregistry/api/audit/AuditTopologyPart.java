package dev.numberregistry.api.audit;

import dev.numberregistry.api.config.AuditSettings;
import dev.numberregistry.api.kafka.TopicProvisioner;
import dev.numberregistry.api.kafka.TopologyPart;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.audit.AuditLog;
import dev.numberregistry.streams.audit.AuditTopology;
import dev.numberregistry.streams.serde.RegistrySerdes;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/**
 * Adds the audit trail's indexes to the registry's topology, once its topics exist with the
 * configured retention.
 *
 * <p>Ordered after the parts that keep the default order: a part's place decides the numbers of
 * its sub-topologies, and so the task directories its stores are kept in; a part that moved would
 * restore its stores from their changelogs at the next start.
 */
@Singleton
class AuditTopologyPart implements TopologyPart, Ordered {

    static final int ORDER = 100;

    private final TopicProvisioner provisioner;
    private final AuditSettings settings;

    AuditTopologyPart(TopicProvisioner provisioner, AuditSettings settings) {
        this.provisioner = provisioner;
        this.settings = settings;
    }

    @Override
    public void addTo(Topology topology, RegistryTopics topics, RegistrySerdes serdes) {
        AuditLog log = settings.toAuditLog();
        provisioner.provisionAudit(log);
        AuditTopology.addTo(topology, log);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
