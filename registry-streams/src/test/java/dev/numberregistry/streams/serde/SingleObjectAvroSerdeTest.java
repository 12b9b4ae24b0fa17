package dev.numberregistry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.schema.FlagCleared;
import dev.numberregistry.schema.FlagClearance;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SingleObjectAvroSerdeTest {

    private static final String TOPIC = "number-events";
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");

    private final RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
    private final Serde<NumberEvent> events = serdes.events();

    @Test
    void roundTripsAnEvent() {
        NumberEvent event = flagCleared();

        byte[] bytes = events.serializer().serialize(TOPIC, event);

        assertThat(bytes).startsWith((byte) 0xC3, (byte) 0x01);
        assertThat(events.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void roundTripsThroughTheByteBufferPathKafkaClientsUse() {
        NumberEvent event = flagCleared();
        byte[] bytes = events.serializer().serialize(TOPIC, new RecordHeaders(), event);

        NumberEvent decoded =
                events.deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(bytes));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void roundTripsAState() {
        NumberState state = NumberState.newBuilder()
                .setNumber("+14155550100")
                .setStatus(NumberStatus.AVAILABLE)
                .setAppliedEvents(0)
                .setLastEventId("evt-0")
                .setLastEventAt(T0)
                .build();
        Serde<NumberState> states = serdes.states();

        assertThat(states.deserializer().deserialize(TOPIC, states.serializer().serialize(TOPIC, state)))
                .isEqualTo(state);
    }

    @Test
    void passesTombstonesThrough() {
        assertThat(events.serializer().serialize(TOPIC, null)).isNull();
        assertThat(events.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void raisesTheCodecExceptionForBadBytes() {
        byte[] bad = "not avro at all".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, bad))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("NumberEvent")
                .hasMessageContaining("bad header");
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(UndecodableRecordException.class);
    }

    private static NumberEvent flagCleared() {
        return NumberEvent.newBuilder()
                .setEventId("evt-9")
                .setNumber("+14155550100")
                .setOccurredAt(T0)
                .setRecordedAt(T0.plusSeconds(1))
                .setSource("fraud-desk")
                .setPayload(FlagCleared.newBuilder()
                        .setFlagId("flag-7")
                        .setReason(FlagClearance.MISJUDGED)
                        .setClearedBy("analyst-3")
                        .build())
                .build();
    }
}
