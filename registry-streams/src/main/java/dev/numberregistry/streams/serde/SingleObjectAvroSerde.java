package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.SingleObjectCodec;
import dev.numberregistry.schema.UndecodableRecordException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding of one wire type as a Kafka {@link Serde}. Null maps to null both
 * ways, so tombstones pass through. Bytes that are not a readable record raise
 * {@link UndecodableRecordException}: the topology catches it and rejects the record, so it must
 * not be swallowed here. Thread-safe, as the codec is.
 */
public final class SingleObjectAvroSerde<T extends SpecificRecordBase> implements Serde<T> {

    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    private SingleObjectAvroSerde(SingleObjectCodec<T> codec) {
        this.serializer = (topic, record) -> record == null ? null : codec.encode(record);
        this.deserializer = (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
    }

    public static <T extends SpecificRecordBase> SingleObjectAvroSerde<T> forType(Class<T> type) {
        return new SingleObjectAvroSerde<>(SingleObjectCodec.forType(type));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
