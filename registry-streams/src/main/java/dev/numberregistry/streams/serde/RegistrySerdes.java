package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how the registry's records look on the wire: topics and state
 * stores alike. Another format (e.g. the Confluent wire format against a schema registry) is
 * another implementation of this interface; nothing else has to change.
 */
public interface RegistrySerdes {

    Serde<NumberEvent> events();

    Serde<NumberState> states();

    Serde<RejectedEvent> rejections();

    Serde<NumberReminder> reminders();

    Serde<NumberRecycleNotification> notifications();

    /** Avro single-object encoding, reading every released schema version; no registry needed. */
    static RegistrySerdes singleObjectAvro() {
        return new SingleObjectAvroSerdes(
                SingleObjectAvroSerde.forType(NumberEvent.class),
                SingleObjectAvroSerde.forType(NumberState.class),
                SingleObjectAvroSerde.forType(RejectedEvent.class),
                SingleObjectAvroSerde.forType(NumberReminder.class),
                SingleObjectAvroSerde.forType(NumberRecycleNotification.class));
    }

    /** The serdes of the default wire format. */
    record SingleObjectAvroSerdes(Serde<NumberEvent> events, Serde<NumberState> states,
                                  Serde<RejectedEvent> rejections, Serde<NumberReminder> reminders,
                                  Serde<NumberRecycleNotification> notifications)
            implements RegistrySerdes {
    }
}
