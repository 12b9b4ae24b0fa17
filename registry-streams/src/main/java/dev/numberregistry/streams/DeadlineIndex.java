package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every pending deadline of the numbers of one task, ordered by time. A key starts with the
 * deadline's epoch milliseconds, zero-padded, so the store's byte order is time order: finding
 * what is due is a seek to the start and a walk that stops at the first deadline still to come,
 * whatever the number of deadlines pending.
 */
public final class DeadlineIndex {

    private static final char SEPARATOR = '|';
    private static final int MILLIS_DIGITS = 13;
    private static final String EMPTY = "";
    /** Sorts after every key: keys start with digits. */
    private static final String AFTER_EVERY_KEY = "~";

    private final KeyValueStore<String, String> store;
    /**
     * No pending entry sorts before this key: it is the earliest pending deadline, or an earlier
     * key. Until it falls due a sweep has nothing to do and does not touch the store, so its cost
     * depends neither on how many deadlines are pending nor on how RocksDB has laid them out; when
     * it has, the scan starts here, never over the tombstones of deadlines fired before (RocksDB
     * keeps a deleted key until compaction). Every put lowers it; a delete may leave it early,
     * which costs one seek that finds nothing due and learns the next deadline. In memory only:
     * after a restart the first sweep starts from the beginning.
     */
    private String pendingFrom = millis(0);

    DeadlineIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** A number's deadline, as found in the index. */
    public record Entry(String key, String e164, Deadline deadline) {
    }

    /** Moves a number's deadlines from what its previous state had pending to what its new state has. */
    void replace(String e164, List<Deadline> before, List<Deadline> after) {
        Set<Deadline> kept = new HashSet<>(after);
        for (Deadline old : before) {
            if (!kept.contains(old)) {
                store.delete(key(e164, old));
            }
        }
        Set<Deadline> had = new HashSet<>(before);
        for (Deadline next : after) {
            if (!had.contains(next)) {
                String key = key(e164, next);
                store.put(key, EMPTY);
                if (key.compareTo(pendingFrom) < 0) {
                    pendingFrom = key;
                }
            }
        }
    }

    void remove(Entry entry) {
        store.delete(entry.key());
    }

    /** Whether any deadline is due at or before {@code horizon}; reads nothing until one may be. */
    boolean hasDue(Instant horizon) {
        String end = millis(horizon.toEpochMilli() + 1);
        if (pendingFrom.compareTo(end) >= 0) {
            return false;
        }
        try (KeyValueIterator<String, String> range = store.range(pendingFrom, AFTER_EVERY_KEY)) {
            // Nothing pending sorts before the first key found: the next look can start there.
            pendingFrom = range.hasNext() ? range.next().key : AFTER_EVERY_KEY;
        }
        return pendingFrom.compareTo(end) < 0;
    }

    /**
     * The earliest deadline due at or before {@code horizon}, if one is; reads nothing until one
     * may be.
     */
    Optional<Instant> earliestDue(Instant horizon) {
        // hasDue leaves pendingFrom at the first pending key when it finds one due.
        return hasDue(horizon) ? Optional.of(Instant.ofEpochMilli(Long.parseLong(pendingFrom.substring(0,
                MILLIS_DIGITS)))) : Optional.empty();
    }

    /** About how many deadlines are pending: the store's estimate, which RocksDB keeps approximately. */
    long approximateCount() {
        return store.approximateNumEntries();
    }

    /**
     * Up to {@code max} deadlines due at or before {@code horizon}, oldest first. The caller
     * handles and removes every entry returned.
     */
    List<Entry> due(Instant horizon, int max) {
        String end = millis(horizon.toEpochMilli() + 1);
        List<Entry> entries = new ArrayList<>();
        if (pendingFrom.compareTo(end) >= 0) {
            return entries;
        }
        // Past the horizon by one entry: the first deadline still to come is where the next sweep
        // with work to do will start.
        String firstToCome = AFTER_EVERY_KEY;
        try (KeyValueIterator<String, String> range = store.range(pendingFrom, AFTER_EVERY_KEY)) {
            while (entries.size() < max && range.hasNext()) {
                String key = range.next().key;
                if (key.compareTo(end) >= 0) {
                    firstToCome = key;
                    break;
                }
                entries.add(parse(key));
            }
        }
        // A full page: the caller removes every entry returned, so the next page starts after the
        // last one, and a flood is walked once instead of over its own tombstones again and again.
        pendingFrom = entries.size() == max ? entries.get(max - 1).key() + '\0' : firstToCome;
        return entries;
    }

    /**
     * Up to {@code max} entries with a deadline before {@code endMillis}, after the entry with the
     * key {@code afterKey} (null: from the start): one page of what is coming.
     */
    public static List<Entry> entriesBefore(ReadOnlyKeyValueStore<String, String> store, long endMillis, String afterKey,
                                     int max) {
        String from = afterKey == null ? millis(0) : afterKey + '\0';
        List<Entry> entries = new ArrayList<>();
        if (from.compareTo(millis(endMillis)) >= 0) {
            return entries;
        }
        try (KeyValueIterator<String, String> range = store.range(from, millis(endMillis))) {
            while (range.hasNext() && entries.size() < max) {
                KeyValue<String, String> next = range.next();
                entries.add(parse(next.key));
            }
        }
        return entries;
    }

    static String key(String e164, Deadline deadline) {
        return millis(deadline.at().toEpochMilli()) + SEPARATOR + e164 + SEPARATOR + deadline.kind()
                + SEPARATOR + deadline.leadTime().toMillis();
    }

    static Entry parse(String key) {
        String[] parts = key.split("\\|");
        Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
        Duration lead = Duration.ofMillis(Long.parseLong(parts[3]));
        return new Entry(key, parts[1], new Deadline(at, DeadlineKind.valueOf(parts[2]), at.plus(lead), lead));
    }

    private static String millis(long epochMillis) {
        String digits = Long.toString(Math.max(0, epochMillis));
        return "0".repeat(Math.max(0, MILLIS_DIGITS - digits.length())) + digits;
    }
}
