package dev.numberregistry.streams.subscription;

import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds to the registry's topology the matching of recycle notifications to the subscriptions that
 * watch their numbers. Both sources are partitioned by the number, so one task holds a number's
 * watches and sees its notifications: a sub-topology of its own, beside the lifecycle's.
 *
 * <pre>
 * registry-watchlist ----------> keep-watchlist --> (stores: watchlist-store, sim-changes-told-store)
 * number-recycle-notifications -> match-watchlists --> registry-deliveries (keyed by subscription)
 * number-state ----------------> match-sim-changes --> registry-deliveries (a SIM change, by its header)
 * </pre>
 */
public final class SubscriptionTopology {

    public static final String WATCHLIST_SOURCE = "watchlist-source";
    public static final String KEEP_WATCHLIST = "keep-watchlist";
    public static final String NOTIFICATIONS_SOURCE = "recycle-notifications-source";
    public static final String MATCH_WATCHLISTS = "match-watchlists";
    public static final String DELIVERIES_SINK = "deliveries-sink";
    public static final String STATES_SOURCE = "number-state-source";
    public static final String MATCH_SIM_CHANGES = "match-sim-changes";
    public static final String SIM_DELIVERIES_SINK = "sim-change-deliveries-sink";
    public static final String WATCHLIST_STORE = "watchlist-store";
    /** Per watch, the latest SIM change its subscription was sent: each is sent once. */
    public static final String SIM_CHANGES_TOLD_STORE = "sim-changes-told-store";

    private SubscriptionTopology() {
    }

    /**
     * @param notifications reads the notifications in whichever dialect the registry writes them
     * @param states        reads the numbers' states, likewise: they tell SIM changes
     * @param deliveries    writes what each subscription is to be sent: the notification itself
     */
    public static Topology addTo(Topology topology, SubscriptionTopics topics, String notificationsTopic,
                                 Deserializer<NumberRecycleNotification> notifications, String statesTopic,
                                 Deserializer<NumberState> states, Serializer<NumberRecycleNotification> deliveries) {
        topology.addSource(WATCHLIST_SOURCE, new StringDeserializer(), new StringDeserializer(), topics.watchlist());
        topology.addProcessor(KEEP_WATCHLIST, WatchlistKeeper::new, WATCHLIST_SOURCE);
        topology.addSource(NOTIFICATIONS_SOURCE, new StringDeserializer(), notifications, notificationsTopic);
        topology.addProcessor(MATCH_WATCHLISTS, WatchlistMatcher::new, NOTIFICATIONS_SOURCE);
        topology.addSource(STATES_SOURCE, new StringDeserializer(), states, statesTopic);
        topology.addProcessor(MATCH_SIM_CHANGES, SimChangeMatcher::new, STATES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WATCHLIST_STORE),
                Serdes.String(), Serdes.String()), KEEP_WATCHLIST, MATCH_WATCHLISTS, MATCH_SIM_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SIM_CHANGES_TOLD_STORE),
                Serdes.String(), Serdes.Long()), KEEP_WATCHLIST, MATCH_SIM_CHANGES);
        topology.addSink(DELIVERIES_SINK, topics.deliveries(), new StringSerializer(), deliveries, MATCH_WATCHLISTS);
        topology.addSink(SIM_DELIVERIES_SINK, topics.deliveries(), new StringSerializer(), new StringSerializer(),
                MATCH_SIM_CHANGES);
        return topology;
    }
}
