package dev.numberregistry.api.subscription;

import dev.numberregistry.api.kafka.TopologyPart;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.subscription.SubscriptionTopology;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** Adds the matching of recycle notifications to watchlists to the registry's topology. */
@Singleton
class SubscriptionTopologyPart implements TopologyPart {

    private final SubscriptionTopicsSetup setup;
    private final SubscriptionSettings settings;

    SubscriptionTopologyPart(SubscriptionTopicsSetup setup, SubscriptionSettings settings) {
        this.setup = setup;
        this.settings = settings;
    }

    @Override
    public void addTo(Topology topology, RegistryTopics topics, RegistrySerdes serdes) {
        setup.ensureTopics();
        // Deliveries are the registry's own records, read by its own dispatcher: single-object, whatever the dialect.
        SubscriptionTopology.addTo(topology, settings.toTopics(), topics.notifications(),
                serdes.notifications().deserializer(), topics.states(), serdes.states().deserializer(),
                RegistrySerdes.STORES.notifications().serializer());
    }
}
