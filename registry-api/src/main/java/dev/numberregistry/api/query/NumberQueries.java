package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.web.RegistryNotReadyException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.StateMapping;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads a number's state, history and rejections from this instance's state stores. */
@Singleton
public class NumberQueries {

    private final RunningStreams running;

    NumberQueries(RunningStreams running) {
        this.running = running;
    }

    public Optional<NumberState> state(PhoneNumber number) {
        ReadOnlyKeyValueStore<String, dev.numberregistry.schema.NumberState> store = store(RegistryStores.NUMBER_STATE);
        try {
            return Optional.ofNullable(store.get(number.e164())).map(StateMapping::toDomain);
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    /** Every applied event of the number, oldest first. */
    public List<NumberEvent> history(PhoneNumber number) {
        List<dev.numberregistry.schema.NumberEvent> events = entriesOf(RegistryStores.NUMBER_HISTORY, number);
        return events.stream().map(EventMapping::toDomain).toList();
    }

    /** Every event about the number that was refused, oldest first. */
    public List<RejectedEvent> rejections(PhoneNumber number) {
        return entriesOf(RegistryStores.NUMBER_REJECTIONS, number);
    }

    /**
     * What became of the record at {@code offset} of the event log, once the registry has
     * processed it; empty before then.
     */
    public Optional<EventOutcome> outcome(String eventId, PhoneNumber number, long offset) {
        ReadOnlyKeyValueStore<String, RejectedEvent> rejections = store(RegistryStores.NUMBER_REJECTIONS);
        ReadOnlyKeyValueStore<String, String> ledger = store(RegistryStores.APPLIED_EVENT_IDS);
        try {
            RejectedEvent rejected = rejections.get(RegistryStores.numberKey(number.e164(), offset));
            if (rejected != null) {
                return Optional.of(EventOutcome.wasRejected(rejected.getReasonCode(), rejected.getReason()));
            }
            String applied = ledger.get(eventId);
            if (applied != null && RegistryStores.ledgerOffset(applied) == offset) {
                return Optional.of(EventOutcome.wasApplied());
            }
            return Optional.empty();
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    private <V> List<V> entriesOf(String storeName, PhoneNumber number) {
        ReadOnlyKeyValueStore<String, V> store = store(storeName);
        List<V> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> scan =
                     store.prefixScan(RegistryStores.numberPrefix(number.e164()), new StringSerializer())) {
            scan.forEachRemaining(entry -> entries.add(entry.value));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return entries;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        KafkaStreams streams = running.streams();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new RegistryNotReadyException("the registry is " + streams.state() + ", not yet serving queries");
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    private static RegistryNotReadyException notReady(InvalidStateStoreException e) {
        return new RegistryNotReadyException("the registry's stores are being restored or rebalanced: "
                + e.getMessage(), e);
    }
}
