package dev.numberregistry.streams;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where something the processor handles came from: a record of the log as it arrived, or the
 * registry's own deadline sweep.
 *
 * @param key       the record's key as text (the number, when keyed right)
 * @param offset    the record's offset in its partition; -1 for the sweep
 * @param timestamp the record's timestamp, or the sweep's wall-clock time; outputs carry it
 * @param headers   the record's headers; none for the sweep
 */
record Origin(String key, byte[] rawKey, byte[] rawValue, long timestamp, int partition, long offset, String topic,
              Headers headers, String description) {

    static final long NO_OFFSET = -1;

    static Origin of(Record<byte[], byte[]> record, RecordMetadata metadata) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new Origin(key, record.key(), record.value(), record.timestamp(), metadata.partition(),
                metadata.offset(), metadata.topic(), record.headers(),
                new RecordAddress(metadata.topic(), metadata.partition(), metadata.offset()).text());
    }

    static Origin sweep(String e164, long wallClock) {
        return new Origin(e164, null, null, wallClock, -1, NO_OFFSET, null, null, "registry deadline sweep");
    }

    boolean isLogRecord() {
        return offset != NO_OFFSET;
    }
}
