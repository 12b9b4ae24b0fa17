package dev.numberregistry.streams;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Which event ids were applied, and how ({@link RegistryStores#ledgerEntry}), for a window of log
 * time: a window store whose entries carry the timestamp of the record that applied the event, and
 * whose segments Kafka Streams drops once the task's stream time has passed them by the window
 * (its changelog is compacted and deleted alike). So the ledger holds the ids of the window's
 * traffic, not of the whole log, and a registry rebuilt from the log forgets what it forgot, when
 * it forgot it.
 *
 * <p>The guarantee: an id applied at log time T is remembered at least until the task's stream
 * time passes T + the window (at most half a window longer: a segment is dropped whole). A record
 * that repeats it meanwhile is rejected DUPLICATE_EVENT; one that comes later is judged as a new
 * event by the lifecycle.
 */
public final class IdempotencyLedger {

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final WindowStore<String, String> store;

    IdempotencyLedger(WindowStore<String, String> store) {
        this.store = store;
    }

    /** The store, with this window; its segments are half a window each, Kafka Streams' default. */
    static StoreBuilder<WindowStore<String, String>> storeBuilder(Duration window) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(RegistryStores.APPLIED_EVENT_IDS, window, window,
                false), Serdes.String(), Serdes.String());
    }

    /** How the event with this id was applied, if it was within the window; else null. */
    String appliedAs(String eventId) {
        return appliedAs(store, eventId);
    }

    /** That the event was applied, by the record of this log time. */
    void applied(String eventId, String entry, long recordTimestamp) {
        store.put(eventId, entry, recordTimestamp);
    }

    /** {@link #appliedAs} on a store read from outside the topology (interactive queries). */
    public static String appliedAs(ReadOnlyWindowStore<String, String> store, String eventId) {
        try (WindowStoreIterator<String> entries = store.backwardFetch(eventId, EARLIEST, LATEST)) {
            return entries.hasNext() ? entries.next().value : null;
        }
    }
}
