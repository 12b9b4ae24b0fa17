package dev.numberregistry.streams;

import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.serde.RegistrySerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the registry's topology: events in, per-number state and history out, and every record
 * that cannot be applied out to the rejected topic. A pure factory: it starts nothing.
 *
 * <pre>
 * number-events --> apply-lifecycle-event --> number-state
 *      ^                  |   (stores: state, history, rejections, applied event ids)
 *      |                  +--> number-events-rejected
 *      +------------------+  (events the registry implies, e.g. a recycling at grace expiry)
 * </pre>
 */
public final class RegistryTopology {

    public static final String EVENTS_SOURCE = "number-events-source";
    public static final String APPLY_PROCESSOR = "apply-lifecycle-event";
    public static final String STATE_SINK = "number-state-sink";
    public static final String REJECTED_SINK = "number-events-rejected-sink";
    public static final String IMPLIED_EVENTS_SINK = "implied-events-sink";

    private RegistryTopology() {
    }

    public static Topology build(RegistryTopics topics, PolicyBook policies, RegistrySerdes serdes) {
        Lifecycle lifecycle = new Lifecycle(policies);
        Topology topology = new Topology();
        // Raw bytes in: a record that does not decode must reach the processor to be rejected
        // with its reason, instead of failing the stream in a deserializer.
        topology.addSource(EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events());
        topology.addProcessor(APPLY_PROCESSOR,
                () -> new LifecycleEventProcessor(lifecycle, serdes), EVENTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RegistryStores.NUMBER_STATE), Serdes.String(), serdes.states()),
                APPLY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RegistryStores.NUMBER_HISTORY), Serdes.String(), serdes.events()),
                APPLY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RegistryStores.NUMBER_REJECTIONS), Serdes.String(), serdes.rejections()),
                APPLY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RegistryStores.APPLIED_EVENT_IDS), Serdes.String(), Serdes.String()),
                APPLY_PROCESSOR);
        topology.addSink(STATE_SINK, topics.states(), new StringSerializer(), serdes.states().serializer(),
                APPLY_PROCESSOR);
        topology.addSink(REJECTED_SINK, topics.rejected(), new StringSerializer(), serdes.rejections().serializer(),
                APPLY_PROCESSOR);
        topology.addSink(IMPLIED_EVENTS_SINK, topics.events(), new StringSerializer(), serdes.events().serializer(),
                APPLY_PROCESSOR);
        return topology;
    }
}
