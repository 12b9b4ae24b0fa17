package dev.numberregistry.api.query;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.serde.RegistrySerdes;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The event a refused record held, when it holds one: a record the lifecycle refused, or one the
 * intake refused for what it said rather than for how it was written. Read with the event log's
 * own format, as the record arrived there; a record cut to its first bytes, or not an event at
 * all, holds none.
 */
@Singleton
public class RefusedEvents {

    private final Deserializer<NumberEvent> events;
    private final String eventsTopic;

    RefusedEvents(RegistrySerdes serdes, TopicSettings topics) {
        this.events = serdes.events().deserializer();
        this.eventsTopic = topics.getEvents();
    }

    public Optional<NumberEvent> eventIn(RejectedEvent rejection) {
        ByteBuffer raw = rejection.getRawValue();
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(events.deserialize(eventsTopic, Utils.toArray(raw)));
        } catch (RuntimeException notAnEvent) {
            return Optional.empty();
        }
    }
}
