package dev.numberregistry.schema;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding of one wire type: {@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer's schema, then the binary body. The fingerprint lets the reader pick
 * the right released writer schema without a schema registry; records are always written with
 * the current schema and read into the current generated class.
 *
 * <p>Thread-safe: Avro's message encoder and decoder are, and this class holds no other state.
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> {

    private static final int HEADER_LENGTH = 10;

    private static boolean trusted;

    static {
        trustGeneratedClasses();
    }

    /**
     * Avro 1.12 refuses to instantiate classes it does not trust while reading. Extends whatever
     * predicate is in force (defaults, system properties) rather than replace it, here, so that no
     * deployment depends on a -Dorg.apache.avro.SERIALIZABLE_PACKAGES flag. Idempotent.
     */
    static synchronized void trustGeneratedClasses() {
        if (trusted) {
            return;
        }
        String ours = SingleObjectCodec.class.getPackageName();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().equals(ours)));
        trusted = true;
    }

    private final String typeName;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The current schema and every version it reads, by fingerprint. */
    private final SchemaStore.Cache writers;
    /** Fingerprint to "v1", "v2 = current"...: only to explain rejections. */
    private final Map<Long, String> knownFingerprints;

    /** A codec that reads every released version of {@code type}. */
    public static <T extends SpecificRecordBase> SingleObjectCodec<T> forType(Class<T> type) {
        return new SingleObjectCodec<>(type, ReleasedSchemas.of(type));
    }

    /** For tests: {@code writerSchemas} replaces the released versions as what can be read. */
    SingleObjectCodec(Class<T> type, List<Schema> writerSchemas) {
        // The generated class's own model carries the timestamp-millis to Instant conversions.
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.typeName = type.getSimpleName();
        this.writers = new SchemaStore.Cache();
        writers.addSchema(current);
        for (Schema writer : writerSchemas) {
            requireReadable(current, writer);
            writers.addSchema(writer);
        }
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, writers);
        this.knownFingerprints = describe(typeName, writerSchemas, current);
    }

    public byte[] encode(T record) {
        Objects.requireNonNull(record, () -> "Cannot encode a null " + typeName);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + typeName, e);
        }
        return out.toByteArray();
    }

    /** True when the bytes start with the single-object marker {@code C3 01}; says nothing of whether they decode. */
    public static boolean looksLikeIt(byte[] bytes) {
        return bytes != null && bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }

    /**
     * @throws UndecodableRecordException for anything that is not exactly one record of this type
     *     written with the current schema or a released version of it
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException("Not a single-object " + typeName + ": null");
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new UndecodableRecordException(String.format("Not a single-object %s: %d bytes, "
                    + "but the header alone (C3 01 + 8-byte schema fingerprint) needs %d",
                    typeName, bytes.length, HEADER_LENGTH));
        }
        if (!looksLikeIt(bytes)) {
            throw new UndecodableRecordException(String.format("Not a single-object %s: bad header "
                    + "0x%02X 0x%02X, expected the marker 0xC3 0x01", typeName, bytes[0], bytes[1]));
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writers.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new UndecodableRecordException(String.format("Cannot decode %s: unknown schema "
                    + "fingerprint %s (%s); known: %s", typeName, hex(fingerprint),
                    describeForeign(fingerprint), knownAsText()));
        }
        try {
            int trailing = bytesAfterOneRecord(writer, bytes);
            if (trailing > 0) {
                throw new UndecodableRecordException(String.format("Cannot decode %s: %d unexpected "
                        + "bytes after the record (%d bytes in all)", typeName, trailing, bytes.length));
            }
            return decoder.decode(bytes);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (SecurityException e) {
            throw e; // a set-up fault, not bad data: rejecting every record would hide it
        } catch (IOException | RuntimeException e) {
            String what = hasCause(e, EOFException.class) ? "truncated" : "corrupt";
            throw new UndecodableRecordException(String.format("Cannot decode %s: %s body (%d bytes, "
                    + "written with %s): %s", typeName, what, bytes.length,
                    knownFingerprints.get(fingerprint), rootMessage(e)), e);
        }
    }

    /**
     * Walks the body before Avro reads it (see {@link BodyWalk}): afterwards every length is
     * bounded by the record's size, and every string is the text that was written.
     */
    private static int bytesAfterOneRecord(Schema writer, byte[] bytes) throws IOException {
        BinaryDecoder body = DecoderFactory.get()
                .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        BodyWalk.walk(writer, body);
        return body.inputStream().available();
    }

    /** Fails at start-up rather than on the first old record in a topic. */
    private static void requireReadable(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
            throw new IllegalStateException("The current " + reader.getName() + " schema cannot read "
                    + "a released version (fingerprint " + hex(SchemaNormalization.parsingFingerprint64(writer))
                    + "): " + result.getIncompatibilities());
        }
    }

    private static Map<Long, String> describe(String typeName, List<Schema> writers,
            Schema current) {
        Map<Long, String> names = new LinkedHashMap<>();
        List<Schema> released = ReleasedSchemas.of(typeName);
        for (Schema writer : writers) {
            int version = released.indexOf(writer) + 1;
            names.put(SchemaNormalization.parsingFingerprint64(writer),
                    version > 0 ? "v" + version : "extra writer schema");
        }
        names.merge(SchemaNormalization.parsingFingerprint64(current), "current",
                (version, ignored) -> version + " = current");
        return Collections.unmodifiableMap(names);
    }

    /** Names the wire type a foreign fingerprint belongs to: usually a record on the wrong topic. */
    private static String describeForeign(long fingerprint) {
        for (var type : ReleasedSchemas.WIRE_TYPES) {
            List<Schema> released = ReleasedSchemas.of(type);
            for (int i = 0; i < released.size(); i++) {
                if (SchemaNormalization.parsingFingerprint64(released.get(i)) == fingerprint) {
                    return "it is " + type.getSimpleName() + " v" + (i + 1) + ": wrong topic?";
                }
            }
        }
        return "not any released version: written by newer code, or not ours";
    }

    private String knownAsText() {
        StringBuilder text = new StringBuilder();
        knownFingerprints.forEach((fingerprint, name) ->
                text.append(text.length() == 0 ? "" : ", ").append(name).append('=').append(hex(fingerprint)));
        return text.toString();
    }

    private static String hex(long fingerprint) {
        return String.format("%016X", fingerprint);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
