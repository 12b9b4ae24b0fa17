package dev.numberregistry.streams.codec;

import dev.numberregistry.schema.RejectedEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds the record of a rejection, bounded whatever was rejected: the raw key and value are kept
 * up to a size (with the length they had), text that came from the sender is cut short. A rejection
 * therefore always fits in a topic, even of a record that was itself too large for one.
 */
public final class RejectionRecords {

    /**
     * How much of a rejected record's value is kept: the whole of any ordinary event (under 8 KiB),
     * the start of a large import (whose whole length is kept beside it), so that every rejection
     * stays small in its topic and store.
     */
    public static final int MAX_RAW_VALUE_BYTES = 16 * 1024;
    /** How much of a rejected record's key is kept: far more than any number's E.164 form. */
    public static final int MAX_RAW_KEY_BYTES = 1024;
    /** The longest reason kept. */
    public static final int MAX_REASON_LENGTH = 2000;
    /** The longest event id, number, type or origin kept. */
    public static final int MAX_FIELD_LENGTH = 256;

    /**
     * More than any rejection these limits make can encode to (the raw bytes, the reason and four
     * fields in UTF-8, at most 4 bytes a character, and the rest): what is larger was not made here.
     */
    public static final int MAX_ENCODED_BYTES = MAX_RAW_VALUE_BYTES + MAX_RAW_KEY_BYTES
            + 4 * (MAX_REASON_LENGTH + 4 * MAX_FIELD_LENGTH + 64) + 1024;

    private RejectionRecords() {
    }

    /**
     * @param rawKey   the key as it arrived, or null
     * @param rawValue the value as it arrived, or null
     */
    public static RejectedEvent of(String code, String reason, String eventId, String number, String eventType,
                                   String origin, byte[] rawKey, byte[] rawValue, Instant rejectedAt) {
        return new RejectedEvent(code, cut(reason, MAX_REASON_LENGTH), cut(eventId, MAX_FIELD_LENGTH),
                cut(number, MAX_FIELD_LENGTH), cut(eventType, MAX_FIELD_LENGTH), cut(origin, MAX_FIELD_LENGTH),
                firstBytes(rawKey, MAX_RAW_KEY_BYTES), firstBytes(rawValue, MAX_RAW_VALUE_BYTES), rejectedAt,
                rawKey == null ? null : (long) rawKey.length, rawValue == null ? null : (long) rawValue.length);
    }

    /** The key to write a rejection under: its number, or the record's own key, cut short. */
    public static String keyOf(RejectedEvent rejection, String recordKey) {
        return rejection.getNumber() != null ? rejection.getNumber() : cut(recordKey, MAX_FIELD_LENGTH);
    }

    static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        String marker = "... (cut from " + text.length() + " characters)";
        return text.substring(0, limit - marker.length()) + marker;
    }

    private static ByteBuffer firstBytes(byte[] bytes, int limit) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(bytes.length <= limit ? bytes : Arrays.copyOf(bytes, limit));
    }
}
