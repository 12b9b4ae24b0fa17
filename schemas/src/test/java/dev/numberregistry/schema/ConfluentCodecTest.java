package dev.numberregistry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class ConfluentCodecTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final int CURRENT_ID = 7;
    private static final int V1_ID = 3;

    /** A schema registry's ids, in memory; it can be taken down. */
    private final Map<Integer, Schema> registered = new HashMap<>(Map.of(
            CURRENT_ID, NumberEvent.getClassSchema(),
            V1_ID, ReleasedSchemas.of(NumberEvent.class).get(0),
            11, NumberState.getClassSchema(),
            12, Schema.create(Schema.Type.STRING)));
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger asked = new AtomicInteger();
    private final SchemasById registry = id -> {
        asked.incrementAndGet();
        if (down.get()) {
            throw new SchemaSourceUnavailableException("down", null);
        }
        Schema schema = registered.get(id);
        if (schema == null) {
            throw new UndecodableRecordException("no schema with id " + id);
        }
        return schema;
    };
    private final ConfluentCodec<NumberEvent> events = ConfluentCodec.forType(NumberEvent.class, registry);

    @Test
    void writesZeroTheSchemaIdBigEndianAndThePlainAvroBody() throws Exception {
        byte[] bytes = events.encode(topUp(), CURRENT_ID);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(CURRENT_ID);
        // What a consumer with no generated classes does: the writer's schema by id, a generic reader.
        GenericRecord read = new GenericDatumReader<GenericRecord>(NumberEvent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
        assertThat(read.get("eventId").toString()).isEqualTo("evt-1");
        assertThat(((GenericRecord) read.get("payload")).getSchema().getName()).isEqualTo("TopUpMade");
    }

    @Test
    void readsWhatItWroteAskingTheRegistryOncePerId() {
        NumberEvent first = events.decode(events.encode(topUp(), CURRENT_ID));
        NumberEvent second = events.decode(events.encode(topUp(), CURRENT_ID));

        assertThat(first).isEqualTo(topUp()).isEqualTo(second);
        assertThat(asked).hasValue(1);
    }

    @Test
    void aKnownIdKeepsDecodingWhileTheRegistryIsDown() {
        byte[] bytes = events.encode(topUp(), CURRENT_ID);
        events.decode(bytes);

        down.set(true);

        assertThat(events.decode(bytes)).isEqualTo(topUp());
    }

    @Test
    void anUnknownIdWhileTheRegistryIsDownIsNotTheRecordsFaultAndIsTriedAgainLater() {
        byte[] bytes = events.encode(topUp(), CURRENT_ID);
        down.set(true);

        assertThatThrownBy(() -> events.decode(bytes)).isInstanceOf(SchemaSourceUnavailableException.class);

        down.set(false);
        assertThat(events.decode(bytes)).isEqualTo(topUp());
    }

    @Test
    void readsARecordWrittenWithAnOlderReleasedSchemaUnderItsOwnId() throws Exception {
        Schema v1 = ReleasedSchemas.of(NumberEvent.class).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "evt-old");
        old.put("number", "+14155550100");
        old.put("occurredAt", T0.toEpochMilli());
        old.put("recordedAt", T0.toEpochMilli());
        old.put("source", "billing-eu");
        Schema suspendedV1 = v1.getField("payload").schema().getTypes().stream()
                .filter(branch -> branch.getName().equals("NumberResumed")).findFirst().orElseThrow();
        old.put("payload", new GenericData.Record(suspendedV1));

        NumberEvent read = events.decode(confluent(V1_ID, v1, old));

        assertThat(read.getEventId()).isEqualTo("evt-old");
        assertThat(read.getPayload()).isInstanceOf(NumberResumed.class);
    }

    @Test
    void refusesWithItsReasonWhatItCannotRead() {
        byte[] good = events.encode(topUp(), CURRENT_ID);
        byte[] stateId = good.clone();
        ByteBuffer.wrap(stateId, 1, 4).putInt(11);
        byte[] stringId = good.clone();
        ByteBuffer.wrap(stringId, 1, 4).putInt(12);
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(99);

        assertThatThrownBy(() -> events.decode(new byte[] {0, 0, 0})).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("3 bytes").hasMessageContaining("needs 5");
        assertThatThrownBy(() -> events.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(UndecodableRecordException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> events.decode(Arrays.copyOf(good, good.length + 2)))
                .isInstanceOf(UndecodableRecordException.class).hasMessageContaining("2 unexpected bytes");
        assertThatThrownBy(() -> events.decode(stateId)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("schema id 11").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> events.decode(stringId)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("is a STRING, not a record");
        assertThatThrownBy(() -> events.decode(unknownId)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("schema id 99").hasMessageContaining("no schema with id 99");
    }

    private static byte[] confluent(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static NumberEvent topUp() {
        return NumberEvent.newBuilder()
                .setEventId("evt-1")
                .setNumber("+14155550100")
                .setOccurredAt(T0)
                .setRecordedAt(T0.plusMillis(250))
                .setSource("billing-eu")
                .setPayload(TopUpMade.newBuilder().setAmountMinorUnits(1_500).setCurrency("EUR")
                        .setValidUntil(T0.plusSeconds(30L * 86_400)).build())
                .build();
    }
}
