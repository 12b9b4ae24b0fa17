package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.NumberEvent;
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

    /** Avro single-object encoding, reading every released schema version; no registry needed. */
    static RegistrySerdes singleObjectAvro() {
        Serde<NumberEvent> events = SingleObjectAvroSerde.forType(NumberEvent.class);
        Serde<NumberState> states = SingleObjectAvroSerde.forType(NumberState.class);
        Serde<RejectedEvent> rejections = SingleObjectAvroSerde.forType(RejectedEvent.class);
        return new RegistrySerdes() {
            @Override
            public Serde<NumberEvent> events() {
                return events;
            }

            @Override
            public Serde<NumberState> states() {
                return states;
            }

            @Override
            public Serde<RejectedEvent> rejections() {
                return rejections;
            }
        };
    }
}
