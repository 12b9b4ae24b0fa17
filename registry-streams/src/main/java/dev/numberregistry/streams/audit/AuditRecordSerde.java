package dev.numberregistry.streams.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The audit trail's wire format: one JSON object per record, UTF-8, readable by any Kafka tool an
 * auditor has ({@code kcat}, a console consumer) without the registry's schemas, for as long as
 * the trail is kept:
 *
 * <pre>{"v":1,"at":"2030-04-02T10:00:00Z","client":"bank-a","operation":"POST /number-recycling/v0.2/check",
 *  "numbers":["+14155552671"],"status":200,"answer":{"phoneNumberRecycled":true},"correlator":"abc-1"}</pre>
 *
 * {@code answer} is the JSON the caller received, embedded as is; {@code correlator} and
 * {@code answer} are left out when there was none. A reader ignores fields it does not know, so
 * that a later version may add some; {@code v} changes only when a field changes meaning.
 */
public final class AuditRecordSerde implements Serde<AuditRecord> {

    /** The version of the format this build writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    @Override
    public Serializer<AuditRecord> serializer() {
        return (topic, record) -> record == null ? null : toJson(record);
    }

    @Override
    public Deserializer<AuditRecord> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromJson(bytes);
    }

    /** @param record whose {@code answer}, if any, is JSON text */
    public static byte[] toJson(AuditRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", VERSION);
            json.writeStringField("at", record.at().toString());
            json.writeStringField("client", record.client());
            json.writeStringField("operation", record.operation());
            json.writeArrayFieldStart("numbers");
            for (String number : record.numbers()) {
                json.writeString(number);
            }
            json.writeEndArray();
            json.writeNumberField("status", record.status());
            if (record.answer() != null) {
                json.writeFieldName("answer");
                json.writeRawValue(record.answer());
            }
            if (record.correlator() != null) {
                json.writeStringField("correlator", record.correlator());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an audit record", e);
        }
        return out.toByteArray();
    }

    /** @throws SerializationException when the bytes are not an audit record */
    public static AuditRecord fromJson(byte[] bytes) {
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SerializationException("an audit record is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject() || !json.path("at").isTextual() || !json.path("client").isTextual()
                || !json.path("operation").isTextual() || !json.path("status").isInt()) {
            throw new SerializationException("not an audit record: " + abbreviated(bytes));
        }
        List<String> numbers = new ArrayList<>();
        json.path("numbers").forEach(number -> numbers.add(number.asText()));
        JsonNode answer = json.get("answer");
        JsonNode correlator = json.get("correlator");
        try {
            return new AuditRecord(Instant.parse(json.get("at").asText()), json.get("client").asText(),
                    json.get("operation").asText(), numbers, json.get("status").asInt(),
                    answer == null || answer.isNull() ? null : answer.toString(),
                    correlator == null || correlator.isNull() ? null : correlator.asText());
        } catch (RuntimeException e) {
            throw new SerializationException("not an audit record (" + e.getMessage() + "): " + abbreviated(bytes), e);
        }
    }

    private static String abbreviated(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return bytes.length > 200 ? text + "..." : text;
    }
}
