package dev.numberregistry.schema;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;

/**
 * Walks an Avro binary body by its writer schema without building anything, and checks on the way
 * what Avro's reader would let through or blow up on:
 * <ul>
 *   <li>a length prefix longer than what is left of the input (Avro's reader would allocate it
 *       first, so a corrupt prefix could ask for a gigabyte and kill the thread);</li>
 *   <li>a string that is not valid UTF-8 (Avro's reader would replace the bad bytes with U+FFFD,
 *       storing a text other than the one sent);</li>
 *   <li>a union branch or enum symbol the schema does not have.</li>
 * </ul>
 */
final class BodyWalk {

    private final BinaryDecoder body;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private BodyWalk(BinaryDecoder body) {
        this.body = body;
    }

    /** @throws IOException if the body does not hold one value of the schema, read as above */
    static void walk(Schema schema, BinaryDecoder body) throws IOException {
        new BodyWalk(body).value(schema);
    }

    private void value(Schema schema) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    value(field.schema());
                }
            }
            case UNION -> value(schema.getTypes().get(index(body.readIndex(), schema.getTypes().size(), "union branch")));
            case ENUM -> index(body.readEnum(), schema.getEnumSymbols().size(), "enum symbol");
            case ARRAY -> {
                for (long items = body.readArrayStart(); items != 0; items = body.arrayNext()) {
                    for (long item = 0; item < items; item++) {
                        value(schema.getElementType());
                    }
                }
            }
            case MAP -> {
                for (long entries = body.readMapStart(); entries != 0; entries = body.mapNext()) {
                    for (long entry = 0; entry < entries; entry++) {
                        text();
                        value(schema.getValueType());
                    }
                }
            }
            case STRING -> text();
            case BYTES -> body.skipFixed(length());
            case FIXED -> body.skipFixed(schema.getFixedSize());
            case INT -> body.readInt();
            case LONG -> body.readLong();
            case FLOAT -> body.readFloat();
            case DOUBLE -> body.readDouble();
            case BOOLEAN -> body.readBoolean();
            case NULL -> body.readNull();
        }
    }

    private void text() throws IOException {
        byte[] bytes = new byte[length()];
        body.readFixed(bytes);
        try {
            utf8.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IOException("a string is not valid UTF-8");
        }
    }

    /** A length prefix, no longer than what is left to read. */
    private int length() throws IOException {
        long length = body.readLong();
        int left = body.inputStream().available();
        if (length < 0) {
            throw new IOException("a negative length, " + length);
        }
        if (length > left) {
            throw new EOFException("a length of " + length + " with " + left + " bytes left");
        }
        return (int) length;
    }

    private static int index(int index, int count, String what) throws IOException {
        if (index < 0 || index >= count) {
            throw new IOException("no " + what + " " + index + " (there are " + count + ")");
        }
        return index;
    }
}
