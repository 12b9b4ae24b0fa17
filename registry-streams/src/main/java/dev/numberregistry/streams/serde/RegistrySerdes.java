package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.ConfluentCodec;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.schema.SingleObjectCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place that decides how the registry's records look on the wire. Its stores are always
 * single-object encoded ({@link #STORES}); its topics are read in either Avro dialect when a schema
 * registry is configured, and written in the dialect configured ({@link #writing}).
 */
public interface RegistrySerdes {

    Serde<NumberEvent> events();

    Serde<NumberState> states();

    Serde<RejectedEvent> rejections();

    Serde<NumberReminder> reminders();

    Serde<NumberRecycleNotification> notifications();

    /** Avro single-object encoding, reading every released schema version; no registry needed. */
    static RegistrySerdes singleObjectAvro() {
        return new Dialects(
                SingleObjectAvroSerde.forType(NumberEvent.class),
                SingleObjectAvroSerde.forType(NumberState.class),
                SingleObjectAvroSerde.forType(RejectedEvent.class),
                SingleObjectAvroSerde.forType(NumberReminder.class),
                SingleObjectAvroSerde.forType(NumberRecycleNotification.class));
    }

    /** What the state stores hold, whatever the topics' dialect: reading them never waits on a registry. */
    RegistrySerdes STORES = singleObjectAvro();

    /** The serdes of the state stores: {@link #STORES}. */
    default RegistrySerdes stores() {
        return STORES;
    }

    /**
     * Serdes that read both dialects, resolving Confluent schema ids at {@code registry}, and
     * write {@code written}, under subjects named by {@code naming}.
     */
    static RegistrySerdes writing(WireDialect written, SchemaRegistry registry, SubjectNaming naming) {
        return new Dialects(
                serdeOf(NumberEvent.class, written, registry, naming),
                serdeOf(NumberState.class, written, registry, naming),
                serdeOf(RejectedEvent.class, written, registry, naming),
                serdeOf(NumberReminder.class, written, registry, naming),
                serdeOf(NumberRecycleNotification.class, written, registry, naming));
    }

    /**
     * Asks, once, the schema id the serde writes to the topic with, when it writes the Confluent
     * format, so that a schema registry that is wrong or refuses the schema stops the start-up
     * with the reason, and its outage later does not stop the writing. Nothing to do for a
     * single-object serde.
     *
     * @throws IllegalStateException as {@link SchemaRegistry#idOf} does
     */
    static void resolveSchemaId(Serde<?> serde, String topic) {
        if (serde.serializer() instanceof ConfluentSerializer<?> confluent) {
            confluent.schemaIdFor(topic);
        }
    }

    private static <T extends SpecificRecordBase> Serde<T> serdeOf(Class<T> type, WireDialect written,
                                                                    SchemaRegistry registry, SubjectNaming naming) {
        SingleObjectCodec<T> singleObject = SingleObjectCodec.forType(type);
        ConfluentCodec<T> confluent = ConfluentCodec.forType(type, registry);
        Serializer<T> serializer = written == WireDialect.CONFLUENT
                ? new ConfluentSerializer<>(confluent, registry, naming)
                : SingleObjectAvroSerde.forType(type).serializer();
        return Serdes.serdeFrom(serializer, new EitherDialectDeserializer<>(type, singleObject, confluent));
    }

    /** The serdes of each wire type. */
    record Dialects(Serde<NumberEvent> events, Serde<NumberState> states, Serde<RejectedEvent> rejections,
                    Serde<NumberReminder> reminders, Serde<NumberRecycleNotification> notifications)
            implements RegistrySerdes {
    }
}
