package dev.numberregistry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.schema.FlagCleared;
import dev.numberregistry.schema.FlagClearance;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The serdes of a registry that has a schema registry: both dialects read, the configured one written. */
class EitherDialectSerdesTest {

    private static final String TOPIC = "number-events";

    /** A schema registry in memory: an id per schema text, the subjects asked for in order. */
    private static final class InMemorySchemaRegistry implements SchemaRegistry {
        final Map<Integer, Schema> byId = new HashMap<>();
        final List<String> subjectsAsked = new ArrayList<>();

        @Override
        public int idOf(String subject, Schema schema) {
            subjectsAsked.add(subject);
            int id = 100 + Math.floorMod(schema.toString().hashCode(), 100);
            byId.put(id, schema);
            return id;
        }

        @Override
        public Schema schemaOf(int id) {
            Schema schema = byId.get(id);
            if (schema == null) {
                throw new UndecodableRecordException("no schema with id " + id);
            }
            return schema;
        }
    }

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void writingConfluentPutsZeroAndTheSubjectsIdBeforeTheBody() {
        RegistrySerdes serdes = RegistrySerdes.writing(WireDialect.CONFLUENT, registry, SubjectNaming.TOPIC_NAME);

        byte[] bytes = serdes.events().serializer().serialize(TOPIC, flagCleared());
        serdes.events().serializer().serialize(TOPIC, flagCleared());

        assertThat(bytes[0]).isZero();
        assertThat(registry.byId).containsEntry(ByteBuffer.wrap(bytes, 1, 4).getInt(), NumberEvent.getClassSchema());
        assertThat(registry.subjectsAsked).as("asked once, then kept").containsExactly("number-events-value");
        assertThat(serdes.events().deserializer().deserialize(TOPIC, bytes)).isEqualTo(flagCleared());
    }

    @Test
    void eitherDialectIsReadWhateverIsWritten() {
        RegistrySerdes confluent = RegistrySerdes.writing(WireDialect.CONFLUENT, registry, SubjectNaming.TOPIC_NAME);
        RegistrySerdes singleObject = RegistrySerdes.writing(WireDialect.SINGLE_OBJECT, registry, SubjectNaming.TOPIC_NAME);
        byte[] asConfluent = confluent.events().serializer().serialize(TOPIC, flagCleared());
        byte[] asSingleObject = singleObject.events().serializer().serialize(TOPIC, flagCleared());

        assertThat(asSingleObject).startsWith((byte) 0xC3, (byte) 0x01);
        for (RegistrySerdes reader : List.of(confluent, singleObject)) {
            assertThat(reader.events().deserializer().deserialize(TOPIC, asConfluent)).isEqualTo(flagCleared());
            assertThat(reader.events().deserializer().deserialize(TOPIC, asSingleObject)).isEqualTo(flagCleared());
        }
    }

    @Test
    void aRecordInNeitherDialectIsUndecodableWithItsFirstBytes() {
        RegistrySerdes serdes = RegistrySerdes.writing(WireDialect.CONFLUENT, registry, SubjectNaming.TOPIC_NAME);

        assertThatThrownBy(() -> serdes.events().deserializer().deserialize(TOPIC, "{\"eventId\":1}".getBytes()))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessage("Not a NumberEvent in either Avro dialect the registry reads: single-object encoding "
                        + "starts C3 01, the Confluent wire format 00 and a 4-byte schema id; this record (13 bytes) "
                        + "starts 7B 22 65 76");
        assertThatThrownBy(() -> serdes.events().deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(UndecodableRecordException.class).hasMessageEndingWith("starts with nothing");
    }

    @Test
    void subjectsAreNamedAsConfluentsThreeStrategiesNameThem() {
        Schema schema = NumberEvent.getClassSchema();

        assertThat(SubjectNaming.TOPIC_NAME.subjectOf(TOPIC, schema)).isEqualTo("number-events-value");
        assertThat(SubjectNaming.RECORD_NAME.subjectOf(TOPIC, schema)).isEqualTo("dev.numberregistry.schema.NumberEvent");
        assertThat(SubjectNaming.TOPIC_RECORD_NAME.subjectOf(TOPIC, schema))
                .isEqualTo("number-events-dev.numberregistry.schema.NumberEvent");
    }

    private static NumberEvent flagCleared() {
        Instant at = Instant.parse("2025-03-01T10:15:30.123Z");
        return NumberEvent.newBuilder().setEventId("evt-9").setNumber("+14155550100").setOccurredAt(at)
                .setRecordedAt(at.plusSeconds(1)).setSource("fraud-desk")
                .setPayload(FlagCleared.newBuilder().setFlagId("flag-7").setReason(FlagClearance.MISJUDGED)
                        .setClearedBy("analyst-3").build())
                .build();
    }
}
