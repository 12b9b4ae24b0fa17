package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The next deadline of each number of one task, ordered by time. A key starts with the deadline's
 * epoch milliseconds, zero-padded, so the store's byte order is time order: finding what is due is
 * a seek to the start and a walk that stops at the first deadline still to come, whatever the
 * number of deadlines pending.
 *
 * <p>A number has one entry, for the first of its state's deadlines that has not fired: a top-up
 * moves one entry instead of rewriting every reminder and end, and each write here is a record in
 * the store's changelog. When an entry fires without changing the state (a reminder, or a
 * deadline no longer pending), {@link #advance} puts the state's next deadline in its place; when
 * it changes the state, {@link #replace} does. The sweep walks the index in key order, so the
 * deadlines of a state that sort before its entry are the ones that have fired.
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

    /**
     * Moves a number's entry as its state goes from one set of pending deadlines to another: to
     * the first deadline of the new state that has not fired already.
     */
    void replace(String e164, List<Deadline> before, List<Deadline> after) {
        List<Deadline> had = inKeyOrder(e164, before);
        String current = null;
        int firedBefore = 0;
        for (Deadline deadline : had) {
            String key = key(e164, deadline);
            if (store.get(key) != null) {
                current = key;
                break;
            }
            firedBefore++;
        }
        // Found: those of the previous state before its entry have fired. Not found: its entry
        // fired and changed the state (it was the end, after every reminder), or it was written
        // under other reminder lead times than today's; either way its reminders count as sent
        // (none is sent twice) and an end still pending is kept.
        Set<Deadline> fired = new HashSet<>(had.subList(0, firedBefore));
        if (current == null) {
            had.stream().filter(deadline -> !deadline.kind().isReminder()).forEach(fired::remove);
        }
        String next = inKeyOrder(e164, after).stream().filter(deadline -> !fired.contains(deadline)).findFirst()
                .map(deadline -> key(e164, deadline)).orElse(null);
        if (Objects.equals(current, next)) {
            return;
        }
        if (current != null) {
            store.delete(current);
        }
        if (next != null) {
            put(next);
        }
    }

    /**
     * Puts in the place of an entry that fired without changing its number's state the state's
     * next deadline after it, if any.
     */
    void advance(Entry fired, List<Deadline> pending) {
        inKeyOrder(fired.e164(), pending).stream().map(deadline -> key(fired.e164(), deadline))
                .filter(key -> key.compareTo(fired.key()) > 0).findFirst().ifPresent(this::put);
    }

    private void put(String key) {
        store.put(key, EMPTY);
        if (key.compareTo(pendingFrom) < 0) {
            pendingFrom = key;
        }
    }

    private static List<Deadline> inKeyOrder(String e164, List<Deadline> deadlines) {
        return deadlines.stream().sorted(Comparator.comparing((Deadline deadline) -> key(e164, deadline))).toList();
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

    /** About how many numbers have a deadline pending: the store's estimate, which RocksDB keeps approximately. */
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
     * Up to {@code max} entries with a deadline before {@code endMillis}, after the key
     * {@code afterKey} (an entry's, or a {@link #keyAt}; null: from the start): one page of the
     * numbers' next deadlines.
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

    /**
     * When the entry with this key comes due.
     *
     * @throws IllegalArgumentException when it is not a key of the index
     */
    public static Instant timeOf(String key) {
        if (key.length() < MILLIS_DIGITS || !key.substring(0, MILLIS_DIGITS).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a key of the deadline index: " + key);
        }
        return Instant.ofEpochMilli(Long.parseLong(key.substring(0, MILLIS_DIGITS)));
    }

    /** A key after every entry before this time and before every entry at or after it. */
    public static String keyAt(Instant at) {
        return millis(at.toEpochMilli());
    }

    /** The key the index gives a number's deadline. */
    public static String key(String e164, Deadline deadline) {
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
