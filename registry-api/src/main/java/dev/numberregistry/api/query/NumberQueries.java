package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.web.RegistryNotReadyException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.StateMapping;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads a number's state and history from this instance's state stores. */
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
        ReadOnlyKeyValueStore<String, dev.numberregistry.schema.NumberEvent> store = store(RegistryStores.NUMBER_HISTORY);
        List<NumberEvent> events = new ArrayList<>();
        try (KeyValueIterator<String, dev.numberregistry.schema.NumberEvent> entries =
                     store.prefixScan(RegistryStores.historyPrefix(number.e164()), new StringSerializer())) {
            while (entries.hasNext()) {
                KeyValue<String, dev.numberregistry.schema.NumberEvent> entry = entries.next();
                events.add(EventMapping.toDomain(entry.value));
            }
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return events;
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
