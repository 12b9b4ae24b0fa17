package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.IdempotencyLedger;
import dev.numberregistry.streams.RegistryStores;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads a number's records from the stores of one partition this instance runs as active task.
 * Only that partition: a number whose partition is not here is never answered from here (not
 * "unknown"): the store is unavailable, and the caller is told to retry.
 */
@Singleton
class LocalStores {

    private final RunningStreams running;

    LocalStores(RunningStreams running) {
        this.running = running;
    }

    /** The number's records in the store that keeps them, in the store's order. */
    <R> List<R> recordsOf(NumberRecords<R> kind, PhoneNumber number, int partition) {
        KafkaStreams streams = KeyOwners.serving(running).streams();
        try {
            return kind.readFrom(store(streams, kind.store(), partition), number);
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    /** What became of the record at {@code offset} of the event log; empty until it is processed. */
    Optional<EventOutcome> outcome(String eventId, PhoneNumber number, long offset, int partition) {
        KafkaStreams streams = KeyOwners.serving(running).streams();
        try {
            ReadOnlyKeyValueStore<String, RejectedEvent> rejections =
                    store(streams, RegistryStores.NUMBER_REJECTIONS, partition);
            RejectedEvent rejected = rejections.get(RegistryStores.numberKey(number.e164(), offset));
            if (rejected != null) {
                return Optional.of(EventOutcome.wasRejected(rejected.getReasonCode(), rejected.getReason()));
            }
            ReadOnlyWindowStore<String, String> ledger = store(streams, RegistryStores.APPLIED_EVENT_IDS,
                    QueryableStoreTypes.windowStore(), partition);
            String applied = IdempotencyLedger.appliedAs(ledger, eventId);
            if (applied != null && RegistryStores.ledgerOffset(applied) == offset) {
                return Optional.of(EventOutcome.wasApplied());
            }
            return Optional.empty();
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    /** One partition's key-value store of active tasks only (no stale stores). */
    static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name, int partition) {
        return store(streams, name, QueryableStoreTypes.keyValueStore(), partition);
    }

    private static <T> T store(KafkaStreams streams, String name, QueryableStoreType<T> type, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
    }

    static RegistryNotReadyException notReady(InvalidStateStoreException e) {
        return new RegistryNotReadyException("the registry's stores are being restored or rebalanced: "
                + e.getMessage(), e);
    }
}
