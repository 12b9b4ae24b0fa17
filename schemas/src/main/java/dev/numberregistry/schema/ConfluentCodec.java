package dev.numberregistry.schema;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The Confluent wire format of one wire type: a zero byte, the writer schema's id in the schema
 * registry (4 bytes, big-endian), then the Avro binary body. The writer's schema is whatever the
 * registry holds under that id, so a record is read when the current schema can read that
 * schema, whoever registered it; records are written with the current schema under the id the
 * caller got for it.
 *
 * <p>Thread-safe: readers are built once per writer id and Avro's datum readers and writers hold
 * no state between records.
 */
public final class ConfluentCodec<T extends SpecificRecordBase> {

    public static final byte MAGIC_BYTE = 0;
    private static final int HEADER_LENGTH = 5;

    private final String typeName;
    private final Schema current;
    private final SpecificData model;
    private final SpecificDatumWriter<T> writer;
    private final SchemasById schemas;
    /** Per writer id: a reader into the current class, or why there is none. */
    private final Map<Integer, WriterSchema<T>> byId = new ConcurrentHashMap<>();

    private ConfluentCodec(Class<T> type, SchemasById schemas) {
        // The generated class's own model carries the timestamp-millis to Instant conversions.
        this.model = SpecificData.getForClass(type);
        this.current = model.getSchema(type);
        this.typeName = type.getSimpleName();
        this.writer = new SpecificDatumWriter<>(current, model);
        this.schemas = schemas;
    }

    public static <T extends SpecificRecordBase> ConfluentCodec<T> forType(Class<T> type, SchemasById schemas) {
        SingleObjectCodec.trustGeneratedClasses();
        return new ConfluentCodec<>(type, schemas);
    }

    /** The schema records are written with: the one to register, or look up, for the id. */
    public Schema currentSchema() {
        return current;
    }

    public byte[] encode(T record, int schemaId) {
        Objects.requireNonNull(record, () -> "Cannot encode a null " + typeName);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + typeName, e);
        }
        return out.toByteArray();
    }

    /** True when the bytes start as this format does; says nothing of whether they decode. */
    public static boolean looksLikeIt(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes[0] == MAGIC_BYTE;
    }

    /**
     * @throws UndecodableRecordException for anything that is not exactly one record written with
     *     a registered schema that the current schema can read
     * @throws SchemaSourceUnavailableException when the writer's schema is not known yet and the
     *     registry cannot be asked: the record may well be good
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new UndecodableRecordException(String.format("Not a Confluent-format %s: %s, but the header "
                    + "alone (00 + 4-byte schema id) needs %d bytes", typeName,
                    bytes == null ? "null" : bytes.length + " bytes", HEADER_LENGTH));
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new UndecodableRecordException(String.format("Not a Confluent-format %s: first byte 0x%02X, "
                    + "expected 0x00", typeName, bytes[0]));
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        WriterSchema<T> writerSchema = byId.get(id);
        if (writerSchema == null) {
            // Not computeIfAbsent: the lookup may go over the network, and a failed one must not
            // be remembered (the next record tries again).
            writerSchema = readerFor(id);
            byId.putIfAbsent(id, writerSchema);
        }
        if (writerSchema.unreadable() != null) {
            throw new UndecodableRecordException(writerSchema.unreadable());
        }
        try {
            BinaryDecoder walk = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            BodyWalk.walk(writerSchema.schema(), walk);
            int trailing = walk.inputStream().available();
            if (trailing > 0) {
                throw new UndecodableRecordException(String.format("Cannot decode %s: %d unexpected bytes after "
                        + "the record (%d bytes in all, schema id %d)", typeName, trailing, bytes.length, id));
            }
            BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            return writerSchema.reader().read(null, body);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String what = e instanceof EOFException || e.getCause() instanceof EOFException ? "truncated" : "corrupt";
            throw new UndecodableRecordException(String.format("Cannot decode %s: %s body (%d bytes, schema id %d): %s",
                    typeName, what, bytes.length, id, e), e);
        }
    }

    private WriterSchema<T> readerFor(int id) {
        Schema registered;
        try {
            registered = schemas.schemaOf(id);
        } catch (UndecodableRecordException e) {
            // Not remembered: an id unknown to this registry is the record's fault, but cheap to ask again.
            throw new UndecodableRecordException("Cannot decode " + typeName + ": schema id " + id + ": "
                    + e.getMessage(), e);
        }
        if (registered.getType() != Schema.Type.RECORD) {
            return WriterSchema.unreadable(String.format("Cannot decode %s: schema id %d is a %s, not a record "
                    + "(wrong topic, or the wrong subject?)", typeName, id, registered.getType()));
        }
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, registered).getResult();
        if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
            return WriterSchema.unreadable(String.format("Cannot decode %s: schema id %d (%s) cannot be read by "
                    + "the current %s schema: %s", typeName, id, registered.getFullName(), typeName,
                    result.getIncompatibilities()));
        }
        return new WriterSchema<>(registered, new SpecificDatumReader<>(registered, current, model), null);
    }

    private record WriterSchema<T>(Schema schema, SpecificDatumReader<T> reader, String unreadable) {
        static <T> WriterSchema<T> unreadable(String why) {
            return new WriterSchema<>(null, null, why);
        }
    }
}
