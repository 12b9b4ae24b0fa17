package dev.numberregistry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final String NUMBER = "+14155550100";

    private final SingleObjectCodec<NumberEvent> events = SingleObjectCodec.forType(NumberEvent.class);
    private final SingleObjectCodec<NumberState> states = SingleObjectCodec.forType(NumberState.class);
    private final SingleObjectCodec<RejectedEvent> rejections =
            SingleObjectCodec.forType(RejectedEvent.class);

    @Test
    void writesTheSingleObjectHeaderWithTheCurrentFingerprint() throws Exception {
        byte[] bytes = events.encode(topUp());

        byte[] fingerprint =
                SchemaNormalization.parsingFingerprint("CRC-64-AVRO", NumberEvent.getClassSchema());
        assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(0xC3, 0x01);
        assertThat(Arrays.copyOfRange(bytes, 2, 10)).containsExactly(fingerprint);
    }

    @Test
    void roundTripsEventsWithDifferentPayloads() {
        for (NumberEvent event : List.of(topUp(), flagRaised())) {
            NumberEvent decoded = events.decode(events.encode(event));

            assertThat(decoded).isEqualTo(event);
            assertThat(decoded.getPayload()).isInstanceOf(event.getPayload().getClass());
        }
    }

    @Test
    void roundTripsAStateWithHolderFlagsAndSuspension() {
        NumberState state = fullState();

        NumberState decoded = states.decode(states.encode(state));

        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.getFlags()).hasSize(2);
        assertThat(decoded.getSuspension().getResumeTo()).isEqualTo(NumberStatus.ACTIVE);
    }

    @Test
    void roundTripsARejectionWithRawBytes() {
        byte[] rawValue = {(byte) 0xC3, 0x01, 0x00, (byte) 0xFF, 0x42};
        RejectedEvent rejection = RejectedEvent.newBuilder()
                .setReasonCode("UNDECODABLE")
                .setReason("Not a single-object NumberEvent")
                .setOrigin("number-events-0@17")
                .setRawKey(ByteBuffer.wrap(NUMBER.getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap(rawValue))
                .setRejectedAt(T0)
                .build();

        RejectedEvent decoded = rejections.decode(rejections.encode(rejection));

        assertThat(decoded).isEqualTo(rejection);
        assertThat(decoded.getRawValue()).isEqualTo(ByteBuffer.wrap(rawValue));
        assertThat(decoded.getEventId()).isNull();
    }

    @Test
    void readsDataWrittenWithAnOlderVersionIntoTheCurrentClassWithDefaults() {
        Schema v0 = withoutFields(NumberState.getClassSchema(), "flags", "lastRecoveredAt");
        byte[] written = encodeGeneric(v0, stateWrittenByV0(v0));
        List<Schema> known = new ArrayList<>(ReleasedSchemas.of(NumberState.class));
        known.add(v0);

        NumberState decoded = new SingleObjectCodec<>(NumberState.class, known).decode(written);

        assertThat(decoded.getNumber()).isEqualTo(NUMBER);
        assertThat(decoded.getHolder().getSubscriberRef()).isEqualTo("sub-42");
        assertThat(decoded.getHolder().getTenureStart()).isEqualTo(T0);
        assertThat(decoded.getValidUntil()).isEqualTo(T0.plusSeconds(86_400));
        assertThat(decoded.getFlags()).isEmpty();
        assertThat(decoded.getLastRecoveredAt()).isNull();
    }

    @Test
    void refusesAtConstructionAWriterVersionTheCurrentClassCannotRead() {
        // "source" has no default, so data written before it existed could not be read.
        Schema withoutSource = withoutFields(NumberEvent.getClassSchema(), "source");

        assertThatThrownBy(() -> new SingleObjectCodec<>(NumberEvent.class, List.of(withoutSource)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("source");
    }

    @Test
    void rejectsAFingerprintThatIsNoReleasedVersion() {
        Schema v0 = withoutFields(NumberState.getClassSchema(), "flags", "lastRecoveredAt");
        byte[] written = encodeGeneric(v0, stateWrittenByV0(v0));

        assertThatThrownBy(() -> states.decode(written))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema fingerprint")
                .hasMessageContaining("not any released version")
                .hasMessageContaining(" = current=");
    }

    @Test
    void namesTheTypeOfARecordOnTheWrongTopic() {
        byte[] state = states.encode(fullState());

        assertThatThrownBy(() -> events.decode(state))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("Cannot decode NumberEvent")
                .hasMessageContaining("it is NumberState v")
                .hasMessageContaining("wrong topic?");
    }

    @Test
    void readsAnEventWrittenBeforeSimChangesWereInTheVocabulary() {
        Schema v1 = ReleasedSchemas.of(NumberEvent.class).get(0);
        GenericRecord topUp = new GenericData.Record(v1.getField("payload").schema().getTypes().stream()
                .filter(type -> type.getName().equals("TopUpMade")).findFirst().orElseThrow());
        topUp.put("amountMinorUnits", 500L);
        topUp.put("currency", "EUR");
        topUp.put("validUntil", 1_900_000_000_000L);
        GenericRecord event = new GenericData.Record(v1);
        event.put("eventId", "old-1");
        event.put("number", "+33612345678");
        event.put("occurredAt", 1_800_000_000_000L);
        event.put("recordedAt", 1_800_000_000_000L);
        event.put("source", "billing");
        event.put("payload", topUp);

        NumberEvent read = events.decode(encodeGeneric(v1, event));

        assertThat(read.getEventId()).isEqualTo("old-1");
        assertThat(read.getPayload()).isInstanceOf(TopUpMade.class);
    }

    @Test
    void rejectsGarbage() {
        byte[] garbage = "{\"number\":\"+14155550100\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> events.decode(garbage))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("bad header 0x7B 0x22");
    }

    @Test
    void rejectsEmptyAndNullBytes() {
        assertThatThrownBy(() -> events.decode(new byte[0]))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> events.decode(null))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("null");
    }

    @Test
    void rejectsATruncatedRecord() {
        byte[] whole = events.encode(topUp());

        for (int length : new int[] {9, 10, whole.length - 3}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> events.decode(cut))
                    .as("cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining(length < 10 ? "header" : "truncated body");
        }
    }

    @Test
    void rejectsACorruptBodyAfterAValidHeader() {
        // Zig-zag 1 is -1: a negative length for eventId, then zeros that fill the other fields.
        byte[] corrupt = Arrays.copyOf(header(), 19);
        corrupt[10] = 0x01;

        assertThatThrownBy(() -> events.decode(corrupt))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("corrupt body")
                .hasMessageContaining(" = current")
                .hasMessageContaining("negative");
    }

    @Test
    void rejectsAHugeLengthPrefixWithoutAllocatingIt() {
        // eventId claims 2^31 - 16 bytes; Avro alone would allocate that before noticing.
        byte[] huge = Arrays.copyOf(header(), 15);
        byte[] length = {(byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        System.arraycopy(length, 0, huge, 10, length.length);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> events.decode(huge))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("truncated body");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(10_000_000);
    }

    @Test
    void rejectsAStringThatIsNotUtf8RatherThanReadItAsOtherText() {
        byte[] bytes = events.encode(topUp());
        int source = indexOf(bytes, "billing".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bytes[source] = (byte) 0xFF;

        assertThatThrownBy(() -> events.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("a string is not valid UTF-8");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int at = 0; at <= bytes.length - part.length; at++) {
            if (Arrays.equals(Arrays.copyOfRange(bytes, at, at + part.length), part)) {
                return at;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] whole = events.encode(topUp());
        byte[] longer = Arrays.copyOf(whole, whole.length + 2);

        assertThatThrownBy(() -> events.decode(longer))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("2 unexpected bytes after the record");
    }

    @Test
    void trustsOnlyTheSchemaPackage() {
        ClassSecurityValidator.ClassSecurityPredicate trust = ClassSecurityValidator.getGlobal();

        assertThat(trust.isTrusted(NumberEvent.class)).isTrue();
        assertThat(trust.isTrusted(FlagKind.class)).isTrue();
        assertThat(trust.isTrusted(ProcessBuilder.class)).isFalse();
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        NumberEvent event = i % 2 == 0 ? topUp() : flagRaised();
                        if (!events.decode(events.encode(event)).equals(event)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] header() {
        return Arrays.copyOf(events.encode(topUp()), 10);
    }

    private static NumberEvent topUp() {
        return event("evt-1", TopUpMade.newBuilder()
                .setAmountMinorUnits(1_500)
                .setCurrency("EUR")
                .setValidUntil(T0.plusSeconds(30L * 86_400))
                .build());
    }

    private static NumberEvent flagRaised() {
        return event("evt-2", FlagRaised.newBuilder()
                .setFlagId("flag-7")
                .setKind(FlagKind.FRAUD)
                .setSeverity(FlagSeverity.HIGH)
                .setRaisedBy("fraud-desk")
                .setNote("SIM box pattern")
                .build());
    }

    private static NumberEvent event(String id, Object payload) {
        return NumberEvent.newBuilder()
                .setEventId(id)
                .setNumber(NUMBER)
                .setOccurredAt(T0)
                .setRecordedAt(T0.plusMillis(250))
                .setSource("billing-eu")
                .setPayload(payload)
                .build();
    }

    private static NumberState fullState() {
        Holder holder = Holder.newBuilder()
                .setSubscriberRef("sub-42")
                .setPlanType(PlanType.PREPAID)
                .setTenureStart(T0)
                .setAssignmentNumber(2)
                .build();
        return NumberState.newBuilder()
                .setNumber(NUMBER)
                .setStatus(NumberStatus.SUSPENDED)
                .setHolder(holder)
                .setFlags(List.of(flag("flag-1", FlagKind.SPAM, null), flag("flag-2", FlagKind.ARREARS,
                        "three invoices open")))
                .setSuspension(Suspension.newBuilder()
                        .setReason(SuspensionReason.LOST_SIM)
                        .setSince(T0.plusSeconds(60))
                        .setResumeTo(NumberStatus.ACTIVE)
                        .build())
                .setValidUntil(T0.plusSeconds(86_400))
                .setAppliedEvents(5)
                .setLastEventId("evt-5")
                .setLastEventAt(T0.plusSeconds(60))
                .build();
    }

    private static Flag flag(String id, FlagKind kind, String note) {
        return Flag.newBuilder()
                .setFlagId(id)
                .setKind(kind)
                .setSeverity(FlagSeverity.MEDIUM)
                .setRaisedBy("collections")
                .setNote(note)
                .setRaisedAt(T0)
                .build();
    }

    /** A test-only earlier version: the same record before {@code fieldNames} were added. */
    private static Schema withoutFields(Schema schema, String... fieldNames) {
        Set<String> dropped = Set.of(fieldNames);
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (!dropped.contains(field.name())) {
                kept.add(new Schema.Field(field, field.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false,
                kept);
    }

    /** Written the way old code would have: generic data, timestamps as plain longs. */
    private static GenericRecord stateWrittenByV0(Schema v0) {
        Schema holderSchema = v0.getField("holder").schema().getTypes().get(1);
        GenericRecord holder = new GenericRecordBuilder(holderSchema)
                .set("subscriberRef", "sub-42")
                .set("planType", new GenericData.EnumSymbol(holderSchema.getField("planType").schema(),
                        "PREPAID"))
                .set("tenureStart", T0.toEpochMilli())
                .set("assignmentNumber", 1)
                .build();
        return new GenericRecordBuilder(v0)
                .set("number", NUMBER)
                .set("status", new GenericData.EnumSymbol(v0.getField("status").schema(), "ACTIVE"))
                .set("holder", holder)
                .set("validUntil", T0.plusSeconds(86_400).toEpochMilli())
                .set("appliedEvents", 1L)
                .set("lastEventId", "evt-1")
                .set("lastEventAt", T0.toEpochMilli())
                .build();
    }

    private static byte[] encodeGeneric(Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record, out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
