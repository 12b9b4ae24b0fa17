package dev.numberregistry.streams.serde;

import dev.numberregistry.schema.ConfluentCodec;
import dev.numberregistry.schema.SingleObjectCodec;
import dev.numberregistry.schema.UndecodableRecordException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record in either Avro dialect, told apart by its first bytes: {@code C3 01} is Avro
 * single-object encoding, {@code 00} the Confluent wire format. So producers can move from one to
 * the other one at a time, on the same topic. Anything else is undecodable, with its first bytes
 * in the reason.
 */
final class EitherDialectDeserializer<T extends SpecificRecordBase> implements Deserializer<T> {

    private final String typeName;
    private final SingleObjectCodec<T> singleObject;
    private final ConfluentCodec<T> confluent;

    EitherDialectDeserializer(Class<T> type, SingleObjectCodec<T> singleObject, ConfluentCodec<T> confluent) {
        this.typeName = type.getSimpleName();
        this.singleObject = singleObject;
        this.confluent = confluent;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (SingleObjectCodec.looksLikeIt(bytes)) {
            return singleObject.decode(bytes);
        }
        if (ConfluentCodec.looksLikeIt(bytes)) {
            return confluent.decode(bytes);
        }
        throw new UndecodableRecordException(String.format("Not a %s in either Avro dialect the registry reads: "
                + "single-object encoding starts C3 01, the Confluent wire format 00 and a 4-byte schema id; "
                + "this record (%d bytes) starts %s", typeName, bytes.length, firstBytes(bytes)));
    }

    private static String firstBytes(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 4); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i]));
        }
        return text.length() == 0 ? "with nothing" : text.toString();
    }
}
