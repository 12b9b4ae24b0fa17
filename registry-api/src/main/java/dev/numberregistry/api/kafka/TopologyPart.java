package dev.numberregistry.api.kafka;

import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.serde.RegistrySerdes;
import org.apache.kafka.streams.Topology;

/**
 * A sub-topology a feature adds beside the lifecycle's (the matching of subscriptions, the audit
 * trail's indexes), run by the same Kafka Streams application: its beans implement this, and the
 * topology is built with all of them.
 */
public interface TopologyPart {

    /** Adds the part's sources, processors, stores and sinks, creating the topics it needs first. */
    void addTo(Topology topology, RegistryTopics topics, RegistrySerdes serdes);
}
