package dev.numberregistry.api.query;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The records one of the topology's stores keeps about each number. Every per-number query is
 * "the records of number N in store S": the number's owner reads them from its own store, any
 * other instance asks the owner for them ({@link NumberQueries#recordsOf}), and they travel in the
 * registry's wire format ({@link RegistrySerdes}), so that a forwarded answer is exactly the local
 * one.
 *
 * <p>A store that keeps a new kind of record per number is one more constant here, listed in
 * {@link #BY_STORE}: the local read, the internal endpoint and the forwarding follow from it. A
 * typed method of {@link NumberQueries} then decodes the records for its callers.
 */
public final class NumberRecords<R> {

    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    /** The stores' keys are the numbers in E.164 as UTF-8 (and their suffixes). */
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    /** A number's current state: none, or one, kept under the number itself. */
    public static final NumberRecords<NumberState> STATE =
            new NumberRecords<>(RegistryStores.NUMBER_STATE, SERDES.states(), NumberRecords::underTheNumber);
    /** Every applied event of a number, oldest first. */
    public static final NumberRecords<NumberEvent> HISTORY =
            new NumberRecords<>(RegistryStores.NUMBER_HISTORY, SERDES.events(), NumberRecords::underItsPrefix);
    /** Every event about a number that was refused, oldest first. */
    public static final NumberRecords<RejectedEvent> REJECTIONS =
            new NumberRecords<>(RegistryStores.NUMBER_REJECTIONS, SERDES.rejections(), NumberRecords::underItsPrefix);
    /** The latest reminders a number was sent, oldest first. */
    public static final NumberRecords<NumberReminder> REMINDERS_SENT = new NumberRecords<>(
            RegistryStores.NUMBER_REMINDERS_SENT, SERDES.reminders(), NumberRecords::underItsPrefix);

    /** What the internal endpoint answers for (NumberRecordsTest checks every constant is here). */
    private static final Map<String, NumberRecords<?>> BY_STORE = Stream.of(STATE, HISTORY, REJECTIONS, REMINDERS_SENT)
            .collect(Collectors.toUnmodifiableMap(NumberRecords::store, records -> records));

    /** Where in a store a number's records are: the store's key layout. */
    @FunctionalInterface
    private interface Layout<R> {
        List<R> recordsOf(ReadOnlyKeyValueStore<String, R> store, String e164);
    }

    private final String store;
    private final Serde<R> serde;
    private final Layout<R> layout;

    private NumberRecords(String store, Serde<R> serde, Layout<R> layout) {
        this.store = store;
        this.serde = serde;
        this.layout = layout;
    }

    /** The name of the store that keeps them. */
    public String store() {
        return store;
    }

    /** How they travel between instances. */
    Serde<R> serde() {
        return serde;
    }

    /** The number's records in one partition's store, in the store's key order. */
    List<R> readFrom(ReadOnlyKeyValueStore<String, R> partitionStore, PhoneNumber number) {
        return layout.recordsOf(partitionStore, number.e164());
    }

    /** The records kept per number in the store of that name; empty for any other name. */
    public static Optional<NumberRecords<?>> inStore(String name) {
        return Optional.ofNullable(BY_STORE.get(name));
    }

    @Override
    public String toString() {
        return "the records of each number in " + store;
    }

    private static <R> List<R> underTheNumber(ReadOnlyKeyValueStore<String, R> store, String e164) {
        R record = store.get(e164);
        return record == null ? List.of() : List.of(record);
    }

    /** Keys {@link RegistryStores#numberKey}: the separator keeps a longer number's records out. */
    private static <R> List<R> underItsPrefix(ReadOnlyKeyValueStore<String, R> store, String e164) {
        List<R> records = new ArrayList<>();
        try (KeyValueIterator<String, R> scan = store.prefixScan(RegistryStores.numberPrefix(e164), KEY_SERIALIZER)) {
            scan.forEachRemaining(entry -> records.add(entry.value));
        }
        return records;
    }
}
