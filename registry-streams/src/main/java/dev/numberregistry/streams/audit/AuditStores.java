package dev.numberregistry.streams.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The indexes of the audit trail: window stores of its records ({@link AuditRecordSerde}) by the
 * time they were answered, one keyed by client and one by number. Every record is kept
 * ({@code retainDuplicates}): a client asks about the same number again and again, sometimes
 * within the same millisecond.
 */
public final class AuditStores {

    /** Client ({@code sub}) to every record of its requests, by time. */
    public static final String BY_CLIENT = "audit-by-client-store";
    /** Number (as the request wrote it) to every record of a request that named it, narrowed to it, by time. */
    public static final String BY_NUMBER = "audit-by-number-store";

    /**
     * A record is put at the instant of its answer, not over a window: a window of one millisecond
     * makes {@code fetch(key, from, to)} return exactly the records answered from {@code from} to
     * {@code to}, both included.
     */
    private static final Duration INSTANT = Duration.ofMillis(1);

    private AuditStores() {
    }

    /**
     * The store, keeping its records for the retention (and, since Kafka Streams drops a segment of
     * half the retention whole, up to half a retention more: the queries show nothing older than the
     * retention all the same).
     */
    static StoreBuilder<WindowStore<String, byte[]>> storeBuilder(String name, Duration retention) {
        // The changelog takes what the store takes: a whole record of the trail.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, INSTANT, true),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(AuditLog.LARGEST_RECORD)));
    }

    /**
     * The records of a key answered from {@code from} to {@code to} (both included), oldest first,
     * after skipping {@code skip} of them, at most {@code limit}: a page of a query, read from one
     * partition's store.
     */
    public static List<byte[]> page(ReadOnlyWindowStore<String, byte[]> store, String key, Instant from, Instant to,
                                    int skip, int limit) {
        List<byte[]> page = new ArrayList<>(Math.min(limit, 1024));
        try (WindowStoreIterator<byte[]> records = store.fetch(key, from, to)) {
            for (int skipped = 0; skipped < skip && records.hasNext(); skipped++) {
                records.next();
            }
            while (page.size() < limit && records.hasNext()) {
                page.add(records.next().value);
            }
        }
        return page;
    }
}
