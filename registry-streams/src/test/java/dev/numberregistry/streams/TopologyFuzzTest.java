package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventLimits;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever arrives on the event topic, in whatever order, every record is either applied unaltered
 * or rejected within bounds, exactly once, and the stream keeps going.
 *
 * <p>Each try pipes a random sequence of records into a fresh topology: mostly valid events of a few
 * numbers, keyed right, among wrong and null keys, flipped, cut and padded encodings, fields over
 * their limits, tombstones, random bytes (a few over the event limit, up to 1.1 MB) and copies of
 * earlier records. The traffic of a try is a pure function of its seed (the test's name), so a
 * failing try is reproduced by running it again. Each try builds and closes a topology, which
 * costs far more than generating the records, so the seeds are fixed parameters rather than jqwik
 * tries: a failure reports the whole sequence, unshrunk. For a longer search:
 * {@code mvn test -pl registry-streams -Dtest=TopologyFuzzTest -DargLine="-Dfuzz.seed=5000 -Dfuzz.tries=1000"}.
 *
 * <p>A try observes what random traffic does rather than expecting what a scenario writes, and
 * the properties read one try's observation from several tests, so the tries run on
 * {@link TopologyScenario#unwatchedDriver} (the scenarios' topology and configuration) instead of
 * a registered TopologyScenario.
 */
class TopologyFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 60);
    private static final long FIRST_SEED = Long.getLong("fuzz.seed", 1_000);
    private static final int MAX_RECORDS = 30;

    private static final String EVENTS_TOPIC = TopologyScenario.TOPICS.events();
    private static final Serializer<dev.numberregistry.schema.NumberEvent> ENCODER =
            TopologyScenario.SERDES.events().serializer();
    private static final Deserializer<dev.numberregistry.schema.NumberEvent> DECODER =
            TopologyScenario.SERDES.events().deserializer();
    private static final Deserializer<RejectedEvent> REJECTION_DECODER =
            TopologyScenario.SERDES.rejections().deserializer();
    private static final int MAX_EVENT_BYTES = RecordLimits.DEFAULT.maxEventBytes();
    private static final int COMFORTABLE_RECORD_BYTES = 64 * 1024;
    private static final String APPLIED = "APPLIED";

    /** One observation per seed, shared by the properties, which only look at it. */
    private static final Map<Long, Run> RUNS = new ConcurrentHashMap<>();

    static LongStream seeds() {
        return LongStream.range(FIRST_SEED, FIRST_SEED + TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void pipingAnyTrafficNeverThrowsAndAFreshNumberIsAppliedAfterIt(long seed) {
        Run run = runOf(seed);

        assertThat(run.failure()).as("the stream stopped on %s", run.failedRecord()).isNull();
        assertThat(run.freshNumberApplied()).as("the final NumberAssigned of a fresh number was applied").isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyPipedRecordIsEitherAppliedOrRejectedExactlyOnceAndNothingElseIsApplied(long seed) {
        Run run = runOf(seed);

        for (Observed record : run.records()) {
            boolean applied = run.isApplied(record);
            long rejections = run.rejectionsOf(record).size();
            assertThat((applied ? 1 : 0) + rejections)
                    .as("%s: applied %s, rejected %d times", record, applied, rejections)
                    .isEqualTo(1);
        }
        Set<Long> pipedOffsets = run.records().stream().map(Observed::offset).collect(Collectors.toSet());
        assertThat(run.rejections()).as("rejections of records the test did not pipe (the registry's own copies)")
                .allSatisfy(rejection ->
                        assertThat(pipedOffsets).contains(offsetIn(rejection.rejection().getOrigin())));
        // A record applies its own event and what that implies (ids derived from its own); nothing else.
        run.ledger().forEach((eventId, entry) -> {
            Observed cause = run.recordAt(RegistryStores.ledgerOffset(entry));
            assertThat(cause).as("ledger entry %s=%s from a record the test did not pipe", eventId, entry).isNotNull();
            assertThat(eventId).as("ledger entry at %s", cause)
                    .satisfiesAnyOf(id -> assertThat(id).isEqualTo(cause.eventId()),
                            id -> assertThat(id).startsWith(cause.eventId() + "/"));
        });
        assertThat(run.history()).as("history entries, one per ledger entry").hasSameSizeAs(run.ledger());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nothingIsAcceptedAltered(long seed) {
        Run run = runOf(seed);

        for (Observed record : run.records()) {
            if (!run.isApplied(record)) {
                continue;
            }
            String historyKey = RegistryStores.ledgerHistoryKey(run.ledger().get(record.eventId()));
            assertThat(run.history().get(historyKey)).as("history entry %s of %s", historyKey, record)
                    .isEqualTo(record.decoded());
            if (record.piped().sent() != null) {
                assertThat(record.decoded()).as("%s as decoded", record).isEqualTo(record.piped().sent());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRejectionFitsComfortablyInATopicAndKeepsTheLengthsOfWhatArrived(long seed) {
        Run run = runOf(seed);

        for (WrittenRejection written : run.rejections()) {
            RejectedEvent rejection = written.rejection();
            Observed record = run.recordAt(offsetIn(rejection.getOrigin()));
            assertThat(written.size()).as("serialized rejection of %s", record).isLessThan(COMFORTABLE_RECORD_BYTES);
            assertThat(rejection.getReason()).as("reason of the rejection of %s", record)
                    .hasSizeLessThanOrEqualTo(RejectionRecords.MAX_REASON_LENGTH);
            if (record == null) {
                continue; // reported by the exactly-once property
            }
            byte[] value = record.piped().value();
            if (value == null) {
                assertThat(rejection.getRawValue()).as("raw value of %s", record).isNull();
                assertThat(rejection.getRawValueLength()).as("raw value length of %s", record).isNull();
            } else {
                assertThat(rejection.getRawValueLength()).as("raw value length of %s", record)
                        .isEqualTo((long) value.length);
                assertThat(bytes(rejection.getRawValue())).as("raw value of %s", record)
                        .isEqualTo(Arrays.copyOf(value, Math.min(value.length, RejectionRecords.MAX_RAW_VALUE_BYTES)));
            }
            byte[] key = record.piped().key() == null ? null : record.piped().key().getBytes(StandardCharsets.UTF_8);
            assertThat(rejection.getRawKeyLength()).as("raw key length of %s", record)
                    .isEqualTo(key == null ? null : (long) key.length);
        }
    }

    /** The properties are only worth something if the traffic is applied, and rejected, in every way. */
    @Test
    void theTrafficIsMostlyValidLookingAndReachesEveryOutcomeTheChecksAreAbout(TestReporter reporter) {
        Map<String, Long> outcomes = new TreeMap<>();
        Map<Kind, Long> kinds = new TreeMap<>();
        long piped = 0;
        long implied = 0;
        for (long seed : seeds().toArray()) {
            Run run = runOf(seed);
            for (Observed record : run.records()) {
                piped++;
                kinds.merge(record.piped().kind(), 1L, Long::sum);
                if (run.isApplied(record)) {
                    outcomes.merge(APPLIED, 1L, Long::sum);
                }
                run.rejectionsOf(record).forEach(rejection ->
                        outcomes.merge(rejection.rejection().getReasonCode(), 1L, Long::sum));
            }
            implied += run.decisionCopies();
        }
        String statistics = piped + " records piped, by kind " + kinds + ", by outcome " + outcomes + "; "
                + implied + " decisions copied back to the log";
        reporter.publishEntry("statistics", statistics);

        assertThat(outcomes).as(statistics).containsKeys(APPLIED, IntakeRejection.TOO_LARGE.name(),
                IntakeRejection.UNDECODABLE.name(), IntakeRejection.MISSING_VALUE.name(),
                IntakeRejection.KEY_MISMATCH.name(), IntakeRejection.DUPLICATE_EVENT.name(),
                RejectionCode.INVALID_EVENT.name(), RejectionCode.INVALID_NUMBER.name());
        assertThat(outcomes.get(APPLIED)).as("applied records, so that nothingIsAcceptedAltered checks something: "
                + statistics).isGreaterThan(piped / 3);
        assertThat(implied).as("decisions the registry implied, whose copies must come to nothing: " + statistics)
                .isPositive();
    }

    private static Run runOf(long seed) {
        return RUNS.computeIfAbsent(seed, TopologyFuzzTest::pipe);
    }

    /** Pipes a try's traffic into a fresh topology in its own directory and records what came of it. */
    private static Run pipe(long seed) {
        List<Piped> traffic = new Traffic(new SplittableRandom(seed)).generate();
        Path stateDir = createTempDirectory();
        try (TopologyTestDriver registry = TopologyScenario.unwatchedDriver(stateDir)) {
            TestInputTopic<byte[], byte[]> events = registry.createInputTopic(EVENTS_TOPIC, new ByteArraySerializer(),
                    new ByteArraySerializer(), TopologyScenario.START, Duration.ZERO);
            TestOutputTopic<byte[], byte[]> eventLog = registry.createOutputTopic(EVENTS_TOPIC,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> rejected = registry.createOutputTopic(
                    TopologyScenario.TOPICS.rejected(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<Observed> records = new ArrayList<>();
            Throwable failure = null;
            Piped failedRecord = null;
            long offset = 0;
            int decisionCopies = 0;
            for (Piped piped : traffic) {
                try {
                    events.pipeInput(piped.key() == null ? null : piped.key().getBytes(StandardCharsets.UTF_8),
                            piped.value());
                } catch (RuntimeException | Error e) {
                    failure = e;
                    failedRecord = piped;
                    break;
                }
                records.add(new Observed(records.size(), offset, piped, decodedOrNull(piped.value())));
                // The registry's decisions go to the event topic too, and the driver pipes them back in
                // at once: each takes the next offset, before the test's next record.
                int copies = eventLog.readRecordsToList().size();
                decisionCopies += copies;
                offset += 1 + copies;
            }
            List<WrittenRejection> rejections = rejected.readRecordsToList().stream()
                    .map(TopologyFuzzTest::writtenRejection)
                    .toList();
            boolean freshNumberApplied =
                    registry.getKeyValueStore(RegistryStores.NUMBER_STATE).get(Traffic.FRESH_NUMBER) != null;
            return new Run(seed, records, ledger(registry),
                    all(registry, RegistryStores.NUMBER_HISTORY), rejections, freshNumberApplied, decisionCopies,
                    failure, failedRecord);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static WrittenRejection writtenRejection(TestRecord<byte[], byte[]> record) {
        int size = (record.key() == null ? 0 : record.key().length) + record.value().length;
        return new WrittenRejection(size, REJECTION_DECODER.deserialize(TopologyScenario.TOPICS.rejected(),
                record.value()));
    }

    /** Every event id the ledger holds, with its entry. */
    private static Map<String, String> ledger(TopologyTestDriver registry) {
        WindowStore<String, String> store = registry.getWindowStore(RegistryStores.APPLIED_EVENT_IDS);
        Map<String, String> entries = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, String> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, String> entry = all.next();
                entries.put(entry.key.key(), entry.value);
            }
        }
        return entries;
    }

    private static <V> Map<String, V> all(TopologyTestDriver registry, String storeName) {
        KeyValueStore<String, V> store = registry.getKeyValueStore(storeName);
        Map<String, V> entries = new HashMap<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                entries.put(entry.key, entry.value);
            }
        }
        return entries;
    }

    private static dev.numberregistry.schema.NumberEvent decodedOrNull(byte[] value) {
        if (value == null || value.length > MAX_EVENT_BYTES) {
            return null;
        }
        try {
            return DECODER.deserialize(EVENTS_TOPIC, value);
        } catch (RuntimeException undecodable) {
            return null;
        }
    }

    /** The offset in a rejection's origin, "topic-partition@offset"; null for any other origin. */
    private static Long offsetIn(String origin) {
        int at = origin.lastIndexOf('@');
        return origin.startsWith(EVENTS_TOPIC + "-") && at > 0 ? Long.valueOf(origin.substring(at + 1)) : null;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("topology-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a try's traffic came to: the records as piped, and the stores and topics afterwards. */
    private record Run(long seed, List<Observed> records, Map<String, String> ledger,
                       Map<String, dev.numberregistry.schema.NumberEvent> history, List<WrittenRejection> rejections,
                       boolean freshNumberApplied, int decisionCopies, Throwable failure, Piped failedRecord) {

        /** Applied by this very record: the ledger holds its event id with its offset. */
        boolean isApplied(Observed record) {
            String entry = record.eventId() == null ? null : ledger.get(record.eventId());
            return entry != null && RegistryStores.ledgerOffset(entry) == record.offset();
        }

        List<WrittenRejection> rejectionsOf(Observed record) {
            return rejections.stream()
                    .filter(rejection -> rejection.rejection().getOrigin().endsWith("@" + record.offset()))
                    .toList();
        }

        Observed recordAt(Long offset) {
            return records.stream().filter(record -> offset != null && record.offset() == offset)
                    .findFirst().orElse(null);
        }
    }

    /** A piped record, where it landed, and the event its bytes decode to, if they do. */
    private record Observed(int index, long offset, Piped piped, dev.numberregistry.schema.NumberEvent decoded) {

        String eventId() {
            return decoded == null ? null : decoded.getEventId();
        }

        @Override
        public String toString() {
            return "record #" + index + " (" + piped + ") at offset " + offset;
        }
    }

    private record WrittenRejection(int size, RejectedEvent rejection) {
    }

    private enum Kind {
        VALID, WRONG_KEY, NULL_KEY, DUPLICATE, FLIPPED, TRUNCATED, PADDED, OVER_LIMIT, TOMBSTONE, RANDOM_BYTES,
        LARGE_BYTES, FRESH_NUMBER
    }

    /**
     * A record as the test pipes it.
     *
     * @param sent the event whose encoding is the value, when the value was not altered after encoding
     */
    private record Piped(Kind kind, String key, byte[] value, dev.numberregistry.schema.NumberEvent sent) {

        @Override
        public String toString() {
            return kind + " under key " + (key == null ? "null" : "'" + key + "'") + ", "
                    + (value == null ? "no value" : value.length + " bytes");
        }
    }

    /** One try's traffic: mostly plausible lives of a few numbers, among everything a topic can hold. */
    private static final class Traffic {

        static final String FRESH_NUMBER = "+61412345678";
        private static final List<String> NUMBERS =
                List.of("+14155552671", "+447911123456", "+919876543210", "+33612345678");
        private static final int[] WEIGHTS = {
            /* VALID */ 58, /* WRONG_KEY */ 5, /* NULL_KEY */ 2, /* DUPLICATE */ 10, /* FLIPPED */ 4,
            /* TRUNCATED */ 3, /* PADDED */ 2, /* OVER_LIMIT */ 7, /* TOMBSTONE */ 3, /* RANDOM_BYTES */ 5,
            /* LARGE_BYTES */ 1};

        private final SplittableRandom random;
        private final List<Lifeline> lifelines = new ArrayList<>();
        private final List<Piped> traffic = new ArrayList<>();
        private int nextId = 1;

        Traffic(SplittableRandom random) {
            this.random = random;
            List<String> numbers = new ArrayList<>(NUMBERS);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                lifelines.add(new Lifeline(PhoneNumber.parse(numbers.remove(random.nextInt(numbers.size())))));
            }
        }

        List<Piped> generate() {
            int length = random.nextInt(MAX_RECORDS + 1);
            for (int i = 0; i < length; i++) {
                traffic.add(next(pick()));
            }
            NumberEvent fresh = new NumberEvent("fresh-" + nextId++, PhoneNumber.parse(FRESH_NUMBER), day(0), day(0),
                    "billing", new EventPayload.NumberAssigned("fresh", PlanType.POSTPAID, null));
            traffic.add(encoded(Kind.FRESH_NUMBER, FRESH_NUMBER, EventMapping.toWire(fresh)));
            return traffic;
        }

        private Kind pick() {
            int roll = random.nextInt(Arrays.stream(WEIGHTS).sum());
            for (int kind = 0; kind < WEIGHTS.length; kind++) {
                roll -= WEIGHTS[kind];
                if (roll < 0) {
                    return Kind.values()[kind];
                }
            }
            throw new IllegalStateException("weights");
        }

        private Piped next(Kind kind) {
            Lifeline lifeline = lifelines.get(random.nextInt(lifelines.size()));
            return switch (kind) {
                case VALID -> unaltered(lifeline);
                case WRONG_KEY -> {
                    Piped earlier = earlierEvent();
                    Piped original = earlier != null && random.nextBoolean() ? earlier : valid(lifeline);
                    yield new Piped(kind, wrongKeyFor(original.sent().getNumber()), original.value(), original.sent());
                }
                case NULL_KEY -> {
                    Piped original = valid(lifeline);
                    yield new Piped(kind, null, original.value(), original.sent());
                }
                case DUPLICATE -> traffic.isEmpty() ? unaltered(lifeline)
                        : copyOf(traffic.get(random.nextInt(traffic.size())));
                case FLIPPED -> altered(kind, lifeline, flipped(valid(lifeline).value()));
                case TRUNCATED -> {
                    byte[] value = valid(lifeline).value();
                    yield altered(kind, lifeline, Arrays.copyOf(value, random.nextInt(value.length)));
                }
                case PADDED -> {
                    byte[] value = valid(lifeline).value();
                    byte[] padded = Arrays.copyOf(value, value.length + 1 + random.nextInt(16));
                    fill(padded, value.length);
                    yield altered(kind, lifeline, padded);
                }
                case OVER_LIMIT -> overLimit(lifeline);
                case TOMBSTONE -> new Piped(kind, lifeline.e164(), null, null);
                case RANDOM_BYTES -> altered(kind, lifeline, randomBytes(lifeline));
                case LARGE_BYTES -> altered(kind, lifeline, largeBytes());
                case FRESH_NUMBER -> throw new IllegalArgumentException("only the last record");
            };
        }

        private Piped valid(Lifeline lifeline) {
            return encoded(Kind.VALID, lifeline.e164(), EventMapping.toWire(lifeline.next(this)));
        }

        /** An event piped as generated: only now is the number's assignment known to be on its way. */
        private Piped unaltered(Lifeline lifeline) {
            Piped piped = valid(lifeline);
            lifeline.sent(piped.sent());
            return piped;
        }

        private static Piped encoded(Kind kind, String key, dev.numberregistry.schema.NumberEvent wire) {
            return new Piped(kind, key, ENCODER.serialize(EVENTS_TOPIC, wire), wire);
        }

        private Piped altered(Kind kind, Lifeline lifeline, byte[] value) {
            return new Piped(kind, lifeline.e164(), value, null);
        }

        private Piped copyOf(Piped earlier) {
            return new Piped(Kind.DUPLICATE, earlier.key(), earlier.value() == null ? null : earlier.value().clone(),
                    earlier.sent());
        }

        private Piped earlierEvent() {
            List<Piped> events = traffic.stream().filter(piped -> piped.sent() != null).toList();
            return events.isEmpty() ? null : events.get(random.nextInt(events.size()));
        }

        private String wrongKeyFor(String number) {
            return switch (random.nextInt(5)) {
                case 0 -> NUMBERS.stream().filter(other -> !other.equals(number)).toList().get(random.nextInt(3));
                case 1 -> number.substring(1);
                case 2 -> number + " ";
                case 3 -> "";
                default -> "garbage-" + random.nextInt(100);
            };
        }

        /** A valid event with one field past what an event may carry, set on the wire record and encoded. */
        private Piped overLimit(Lifeline lifeline) {
            NumberEvent event = lifeline.next(this);
            dev.numberregistry.schema.NumberEvent wire = EventMapping.toWire(event);
            String tooLongId = "i".repeat(EventLimits.MAX_IDENTIFIER_LENGTH + 1);
            switch (random.nextInt(7)) {
                case 0 -> wire.setEventId(tooLongId);
                case 1 -> wire.setPayload(new dev.numberregistry.schema.FlagRaised("f",
                        dev.numberregistry.schema.FlagKind.SPAM, dev.numberregistry.schema.FlagSeverity.LOW, "desk",
                        "n".repeat(EventLimits.MAX_NOTE_LENGTH + 1)));
                case 2 -> wire.setPayload(new dev.numberregistry.schema.NumberAssigned(tooLongId,
                        dev.numberregistry.schema.PlanType.POSTPAID, null));
                case 3 -> wire.setSource("");
                case 4 -> wire.setOccurredAt(Instant.parse("1850-01-01T00:00:00Z"));
                case 5 -> wire.setPayload(new dev.numberregistry.schema.TopUpMade(100L, "euro", day(40)));
                default -> wire.setNumber("+1999");
            }
            return encoded(Kind.OVER_LIMIT, wire.getNumber(), wire);
        }

        private byte[] flipped(byte[] value) {
            byte[] flipped = value.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
            }
            return flipped;
        }

        private byte[] randomBytes(Lifeline lifeline) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] bytes = new byte[random.nextInt(300)];
                    fill(bytes, 0);
                    return bytes;
                }
                case 1 -> {
                    // An event's header (marker and fingerprint), then a body that is anything at all.
                    byte[] header = Arrays.copyOf(valid(lifeline).value(), 10);
                    byte[] bytes = Arrays.copyOf(header, header.length + random.nextInt(200));
                    fill(bytes, header.length);
                    return bytes;
                }
                default -> {
                    // A valid record of another type: a rejection that found its way onto the event topic.
                    RejectedEvent foreign = RejectionRecords.of("UNDECODABLE", "on the wrong topic", null, null, null,
                            "elsewhere", null, new byte[] {1, 2}, day(0));
                    return TopologyScenario.SERDES.rejections().serializer().serialize(EVENTS_TOPIC, foreign);
                }
            }
        }

        private byte[] largeBytes() {
            int length = switch (random.nextInt(4)) {
                case 0 -> MAX_EVENT_BYTES;        // the largest that is read (and is no event)
                case 1 -> MAX_EVENT_BYTES + 1;    // the smallest that is not
                default -> MAX_EVENT_BYTES + 1 + random.nextInt(1_100_000 - MAX_EVENT_BYTES);
            };
            byte[] bytes = new byte[length];
            fill(bytes, 0);
            return bytes;
        }

        private void fill(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
        }

        String nextId() {
            return "ev-" + nextId++;
        }

        SplittableRandom random() {
            return random;
        }
    }

    /**
     * One number's plausible life: it is assigned first (until an assignment went out unaltered under
     * its number), then mostly gets events that its state may accept at the time they carry (top-ups,
     * lapses after the validity end, grace expiry after the grace period, flags...), so that much of
     * the traffic is applied, and a lapse is often followed by the grace expiry that makes the
     * registry decide a recycling itself.
     */
    private static final class Lifeline {

        private static final int GRACE_DAYS = 30;
        private static final int QUARANTINE_DAYS = 90;

        private final PhoneNumber number;
        private boolean assigned;
        private boolean lapsed;
        private int day;
        private int validUntilDay = -1;
        private String holder;
        private final List<String> flags = new ArrayList<>();

        Lifeline(PhoneNumber number) {
            this.number = number;
        }

        String e164() {
            return number.e164();
        }

        NumberEvent next(Traffic traffic) {
            SplittableRandom random = traffic.random();
            day += random.nextInt(4);
            EventPayload payload;
            if (!assigned) {
                payload = assignment(random, false);
            } else if (lapsed && random.nextBoolean()) {
                lapsed = false;
                day = Math.max(day, validUntilDay + GRACE_DAYS + random.nextInt(3));
                payload = new EventPayload.GraceExpired();
            } else {
                int roll = random.nextInt(100);
                lapsed = false;
                if (roll < 18) {
                    validUntilDay = Math.max(validUntilDay, day) + 10 + random.nextInt(30);
                    payload = new EventPayload.TopUpMade(100 + random.nextInt(5000), "EUR", day(validUntilDay));
                } else if (roll < 28) {
                    day = Math.max(day, validUntilDay + random.nextInt(3));
                    lapsed = true;
                    payload = new EventPayload.ValidityLapsed();
                } else if (roll < 36) {
                    day = Math.max(day, validUntilDay + GRACE_DAYS + random.nextInt(3));
                    payload = new EventPayload.GraceExpired();
                } else if (roll < 50) {
                    String flagId = "flag-" + random.nextInt(1000);
                    flags.add(flagId);
                    payload = new EventPayload.FlagRaised(flagId,
                            FlagKind.values()[random.nextInt(FlagKind.values().length)],
                            FlagSeverity.values()[random.nextInt(FlagSeverity.values().length)], "fraud-desk",
                            random.nextBoolean() ? null : "seen on " + day);
                } else if (roll < 58) {
                    String flagId = flags.isEmpty() ? "flag-none" : flags.remove(random.nextInt(flags.size()));
                    payload = new EventPayload.FlagCleared(flagId, FlagClearance.MISJUDGED, "fraud-desk", null);
                } else if (roll < 66) {
                    payload = new EventPayload.NumberSuspended(
                            SuspensionReason.values()[random.nextInt(SuspensionReason.values().length)], null);
                } else if (roll < 72) {
                    payload = new EventPayload.NumberResumed();
                } else if (roll < 82) {
                    payload = new EventPayload.SimChanged(random.nextBoolean() ? null
                            : "\u20ac-sim " + random.nextInt());
                } else if (roll < 86) {
                    payload = new EventPayload.CancellationRequested();
                } else if (roll < 89) {
                    payload = new EventPayload.CancellationCompleted();
                } else if (roll < 92) {
                    payload = new EventPayload.NumberRecycled();
                } else if (roll < 94) {
                    day += QUARANTINE_DAYS;
                    payload = new EventPayload.QuarantineEnded();
                } else if (roll < 96) {
                    day += QUARANTINE_DAYS;
                    payload = assignment(random, true);
                } else if (roll < 98) {
                    payload = new EventPayload.NumberRecovered(holder, day(day + 30));
                } else {
                    payload = assignment(random, false);
                }
            }
            Instant occurredAt = day(day).plusMillis(random.nextInt(86_400_000));
            String source = random.nextInt(5) == 0 ? "crm" : "billing";
            return new NumberEvent(traffic.nextId(), number, occurredAt, occurredAt.plusMillis(random.nextInt(60_000)),
                    source, payload);
        }

        void sent(dev.numberregistry.schema.NumberEvent event) {
            assigned |= event.getPayload() instanceof dev.numberregistry.schema.NumberAssigned;
        }

        private EventPayload assignment(SplittableRandom random, boolean reassignment) {
            holder = "subscriber-" + random.nextInt(10_000);
            PlanType plan = random.nextInt(10) < 7 ? PlanType.PREPAID : PlanType.POSTPAID;
            Instant validUntil = null;
            if (plan == PlanType.PREPAID) {
                validUntilDay = day + 5 + random.nextInt(35);
                validUntil = day(validUntilDay);
            }
            return reassignment ? new EventPayload.NumberReassigned(holder, plan, validUntil)
                    : new EventPayload.NumberAssigned(holder, plan, validUntil);
        }
    }
}
