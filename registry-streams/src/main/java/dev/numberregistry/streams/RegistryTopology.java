package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.streams.serde.RegistrySerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the registry's topology: events in, per-number state and history out, every record that
 * cannot be applied out to the rejected topic, and what time brings (deadlines, reminders). A
 * pure factory: it starts nothing.
 *
 * <pre>
 * number-events --> apply-lifecycle-event --> number-state
 *      ^                  |  (stores: state, history, rejections and their counts, applied event ids, deadlines,
 *      |                  |   reminders sent)
 *      |                  +--> number-events-rejected
 *      |                  +--> number-reminders
 *      |                  +--> number-recycle-notifications
 *      +------------------+  (the registry's own decisions: a recycling at grace expiry, a deadline)
 *      +------------------+  (a record in a partition other than its key's, moved to its key's)
 * </pre>
 */
public final class RegistryTopology {

    public static final String EVENTS_SOURCE = "number-events-source";
    public static final String APPLY_PROCESSOR = "apply-lifecycle-event";
    public static final String STATE_SINK = "number-state-sink";
    public static final String REJECTED_SINK = "number-events-rejected-sink";
    public static final String REMINDERS_SINK = "number-reminders-sink";
    public static final String DECISIONS_SINK = "registry-decisions-sink";
    public static final String NOTIFICATIONS_SINK = "number-recycle-notifications-sink";
    public static final String MOVED_SINK = "misplaced-records-sink";

    private RegistryTopology() {
    }

    /**
     * @param placement the event log's partitions, which tell where each number's records belong
     * @param positions where the event log ends and how far the registry has read it, which the
     *                  deadline sweep waits on (see DeadlineGate)
     */
    public static Topology build(RegistryTopics topics, EventPlacement placement, LogPositions positions,
                                 PolicyBook policies, RegistrySerdes serdes, DeadlineSweep sweep) {
        return build(topics, placement, positions, policies, serdes, sweep, RecordLimits.DEFAULT);
    }

    public static Topology build(RegistryTopics topics, EventPlacement placement, LogPositions positions,
                                 PolicyBook policies, RegistrySerdes serdes, DeadlineSweep sweep,
                                 RecordLimits limits) {
        Lifecycle lifecycle = new Lifecycle(policies);
        Deadlines deadlines = new Deadlines(policies);
        Topology topology = new Topology();
        // Raw bytes in: a record that does not decode must reach the processor to be rejected
        // with its reason, instead of failing the stream in a deserializer.
        topology.addSource(EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events());
        topology.addProcessor(APPLY_PROCESSOR,
                () -> new LifecycleEventProcessor(lifecycle, deadlines, sweep, limits, topics.events(), placement,
                        positions, serdes), EVENTS_SOURCE);
        // The stores are the registry's own: single-object encoded whatever the topics' dialect,
        // so that reading them never waits on a schema registry.
        RegistrySerdes stored = serdes.stores();
        addStore(topology, RegistryStores.NUMBER_STATE, stored.states());
        addStore(topology, RegistryStores.NUMBER_HISTORY, stored.events());
        addStore(topology, RegistryStores.NUMBER_REJECTIONS, stored.rejections());
        addStore(topology, RegistryStores.NUMBER_REJECTION_COUNTS, Serdes.Long());
        topology.addStateStore(IdempotencyLedger.storeBuilder(limits.idempotencyWindow()), APPLY_PROCESSOR);
        addStore(topology, RegistryStores.DEADLINES, Serdes.String());
        addStore(topology, RegistryStores.NUMBER_REMINDERS_SENT, stored.reminders());
        topology.addSink(STATE_SINK, topics.states(), new StringSerializer(), serdes.states().serializer(),
                APPLY_PROCESSOR);
        topology.addSink(REJECTED_SINK, topics.rejected(), new StringSerializer(), serdes.rejections().serializer(),
                APPLY_PROCESSOR);
        topology.addSink(REMINDERS_SINK, topics.reminders(), new StringSerializer(),
                serdes.reminders().serializer(), APPLY_PROCESSOR);
        topology.addSink(NOTIFICATIONS_SINK, topics.notifications(), new StringSerializer(),
                serdes.notifications().serializer(), APPLY_PROCESSOR);
        topology.addSink(DECISIONS_SINK, topics.events(), new StringSerializer(), serdes.events().serializer(),
                APPLY_PROCESSOR);
        topology.addSink(MOVED_SINK, topics.events(), new StringSerializer(), new ByteArraySerializer(),
                EventPlacement.byKey(), APPLY_PROCESSOR);
        return topology;
    }

    private static void addStore(Topology topology, String name, Serde<?> values) {
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), values), APPLY_PROCESSOR);
    }
}
