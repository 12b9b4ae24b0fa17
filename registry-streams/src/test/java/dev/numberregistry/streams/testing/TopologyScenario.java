package dev.numberregistry.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RecordLimits;
import dev.numberregistry.streams.RefusedAtIntake;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.errors.FailureHandling;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The registry's topology as a scenario: given some events (and some time), when a record arrives
 * or the wall clock moves, then expect what it wrote, topic by topic, and nothing else.
 *
 * <pre>{@code
 * @RegisterExtension
 * final TopologyScenario registry = TopologyScenario.ofTheRegistry();
 *
 * @Test
 * void aReassignmentOfANumberInUseIsRejected() {
 *     registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))))
 *             .when(alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null)));
 *
 *     registry.thenRejected(RejectionCode.NOT_AVAILABLE);
 * }   // and nothing else was written: checked after the test
 * }</pre>
 *
 * <p>The scenario owns the {@link TopologyTestDriver}, built from the real {@link RegistryTopology}
 * and configured as the application runs it (its failure handlers included); every topic the
 * topology writes to, found among the sinks of its description, so that a new sink is watched
 * without a change here; and the wall clock, which moves only when the test says so, from
 * {@link #START}. Records are piped with the wall clock's time as their timestamp: the registry
 * takes them as live.
 *
 * <p>A step is a {@code given...} or a {@code when...}. What a {@code given} writes is dropped
 * unread, but a {@code given} the registry rejects fails the test: the scene it was to set is not
 * there. What a {@code when} writes waits for the {@code then...} methods, each of which consumes
 * the records it asserts. A step whose records are not all asserted fails the next step, and the
 * last one fails the test: the scenario is a JUnit extension that checks {@link #thenNothingElse()}
 * after each test, and it refuses to run unless it is registered as one, so that the check cannot
 * be forgotten. Stores are read, not consumed ({@link #storedState}, {@link #historyIds}, ...).
 */
public final class TopologyScenario implements BeforeEachCallback, AfterEachCallback {

    public static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    public static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    /** The test driver reads every topic as one partition. */
    private static final EventPlacement ONE_PARTITION = new EventPlacement(1);
    /** The wall clock when a scenario starts. */
    public static final Instant START = TestEvents.day(0);
    /**
     * How LifecycleEventProcessor marks a record it moved to its key's partition (its constant is
     * package-private; MisplacedRecordTest fails if the two part).
     */
    private static final String MOVED_FROM_HEADER = "registry-moved-from";

    private PolicyBook policies = PolicyBook.defaults();
    private RecordLimits limits = RecordLimits.DEFAULT;
    private EventPlacement placement = ONE_PARTITION;
    private RegistrySerdes serdes = SERDES;

    private boolean registered;
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new LinkedHashMap<>();
    /** What the last {@code when} wrote that no {@code then} has asserted yet, topic by topic in order. */
    private final List<Written> unasserted = new ArrayList<>();
    private Instant now = START;
    private String lastStep = "the start";

    private TopologyScenario() {
    }

    /** The registry's topology with the default policies, limits and serdes, on one partition. */
    public static TopologyScenario ofTheRegistry() {
        return new TopologyScenario();
    }

    // -- configuration, before the first step --------------------------------------------------

    public TopologyScenario withPolicies(PolicyBook policies) {
        requireNotStarted();
        this.policies = policies;
        return this;
    }

    public TopologyScenario withLimits(RecordLimits limits) {
        requireNotStarted();
        this.limits = limits;
        return this;
    }

    /**
     * A topology that counts the event log's partitions as given, while the driver reads every
     * record from partition 0: records of keys that belong in another partition arrive misplaced.
     */
    public TopologyScenario withPlacement(EventPlacement placement) {
        requireNotStarted();
        this.placement = placement;
        return this;
    }

    /** A topology that writes with the given serdes; the scenario encodes and reads with the default ones. */
    public TopologyScenario withSerdes(RegistrySerdes serdes) {
        requireNotStarted();
        this.serdes = serdes;
        return this;
    }

    // -- given: the scene, applied, its outputs dropped ----------------------------------------

    /** Sends the events now, each under its number; none may be rejected. */
    public TopologyScenario given(NumberEvent... given) {
        beginStep("given " + describe(given));
        for (NumberEvent event : given) {
            pipe(keyOf(event), encode(event), now);
        }
        return endGiven();
    }

    /** Moves the wall clock on to the time; nothing that comes due on the way may be rejected. */
    public TopologyScenario givenClockAt(Instant time) {
        beginStep("given the clock at " + time);
        advanceTo(time);
        return endGiven();
    }

    // -- when: what the then methods are about ---------------------------------------------------

    /** Sends the events now, each under its number, as a producer that keys right does. */
    public TopologyScenario when(NumberEvent... sent) {
        beginStep("when " + describe(sent));
        for (NumberEvent event : sent) {
            pipe(keyOf(event), encode(event), now);
        }
        return endWhen();
    }

    /** Sends an event record as it is on the wire, under any key. */
    public TopologyScenario when(String key, dev.numberregistry.schema.NumberEvent wire) {
        beginStep("when " + wire.getEventId() + " under key " + key);
        pipe(key, SERDES.events().serializer().serialize(TOPICS.events(), wire), now);
        return endWhen();
    }

    /** Sends a record of any bytes (null for a tombstone) under any key (null for none). */
    public TopologyScenario whenRaw(String key, byte[] value) {
        beginStep("when a raw record under key " + key);
        pipe(key, value, now);
        return endWhen();
    }

    /** Sends a refusal of the HTTP intake as the intake logs it: keyed by its number, marked as one. */
    public TopologyScenario whenRefusedAtIntake(RejectedEvent refusal) {
        return whenRefusedAtIntake(refusal.getNumber(), refusal);
    }

    /** Sends a refusal of the HTTP intake, marked as one, under any key. */
    public TopologyScenario whenRefusedAtIntake(String key, RejectedEvent refusal) {
        beginStep("when the intake refused " + refusal.getEventId() + " about " + refusal.getNumber()
                + " under key " + key);
        ProducerRecord<String, byte[]> record = RefusedAtIntake.record(TOPICS.events(), key,
                SERDES.rejections().serializer().serialize(TOPICS.events(), refusal));
        events.pipeInput(new TestRecord<>(record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.headers(), now));
        return endWhen();
    }

    /** Sends the event in a record written at the given time, as one read again from the log. */
    public TopologyScenario whenRecordedAt(Instant recordTime, NumberEvent event) {
        beginStep("when " + describe(event) + " recorded at " + recordTime);
        pipe(keyOf(event), encode(event), recordTime);
        return endWhen();
    }

    /** Moves the wall clock on by the duration: the deadline sweep runs once. */
    public TopologyScenario whenTimePasses(Duration duration) {
        beginStep("when " + duration + " passes");
        advanceTo(now.plus(duration));
        return endWhen();
    }

    /** Moves the wall clock on to the time: the deadline sweep runs once. */
    public TopologyScenario whenClockReaches(Instant time) {
        beginStep("when the clock reaches " + time);
        advanceTo(time);
        return endWhen();
    }

    // -- then: each consumes what it asserts ------------------------------------------------------

    /** The one state written for the number; fails if there is none or more than one. */
    public NumberState thenStateOf(String e164) {
        List<NumberState> states = thenStatesOf(e164);
        assertThat(states).as("states written for %s %s", e164, lastStep).hasSize(1);
        return states.get(0);
    }

    /** Every state written for the number, oldest first. */
    public List<NumberState> thenStatesOf(String e164) {
        return take(written -> written.isOn(TOPICS.states()) && e164.equals(written.key())).stream()
                .map(written -> written.value(SERDES.states().deserializer()))
                .toList();
    }

    /** Every state written, of any number, with its key. */
    public List<KeyValue<String, NumberState>> thenStates() {
        return take(written -> written.isOn(TOPICS.states())).stream()
                .map(written -> KeyValue.pair(written.key(), written.value(SERDES.states().deserializer())))
                .toList();
    }

    /**
     * The oldest rejection written, which must carry the code (a {@code RejectionCode} or an
     * {@code IntakeRejection}) and a reason.
     */
    public RejectedEvent thenRejected(Enum<?> code) {
        List<Written> rejections = take(written -> written.isOn(TOPICS.rejected()), 1);
        assertThat(rejections).as("rejections written %s, where one %s was expected", lastStep, code).isNotEmpty();
        RejectedEvent rejection = rejections.get(0).value(SERDES.rejections().deserializer());
        assertThat(rejection.getReasonCode()).as("the code of %s", rejection).isEqualTo(code.name());
        assertThat(rejection.getReason()).as("the reason of %s", rejection).isNotBlank();
        return rejection;
    }

    /** Every rejection written, oldest first. */
    public List<RejectedEvent> thenRejections() {
        return take(written -> written.isOn(TOPICS.rejected())).stream()
                .map(written -> written.value(SERDES.rejections().deserializer()))
                .toList();
    }

    /** Every reminder written, oldest first. */
    public List<NumberReminder> thenReminders() {
        return take(written -> written.isOn(TOPICS.reminders())).stream()
                .map(written -> written.value(SERDES.reminders().deserializer()))
                .toList();
    }

    /** The notifications written, which must be of these kinds in this order. */
    public List<NumberRecycleNotification> thenNotified(NotificationKind... kinds) {
        List<NumberRecycleNotification> notifications = take(written -> written.isOn(TOPICS.notifications()))
                .stream()
                .map(written -> written.value(SERDES.notifications().deserializer()))
                .toList();
        assertThat(notifications).as("notifications written %s", lastStep)
                .extracting(NumberRecycleNotification::getKind)
                .containsExactly(kinds);
        return notifications;
    }

    /**
     * The registry's own decisions written to the event log, which must be these, each given as
     * {@code Type@occurredAt}, in this order.
     */
    public List<dev.numberregistry.schema.NumberEvent> thenDecided(String... decisions) {
        List<dev.numberregistry.schema.NumberEvent> decided = thenDecisions();
        assertThat(decided).as("decisions written %s", lastStep)
                .extracting(event -> EventMapping.typeOf(event) + "@" + event.getOccurredAt())
                .containsExactly(decisions);
        return decided;
    }

    /** Every decision of the registry's own written to the event log, oldest first. */
    public List<dev.numberregistry.schema.NumberEvent> thenDecisions() {
        return take(Written::isDecision).stream()
                .map(written -> written.value(SERDES.events().deserializer()))
                .toList();
    }

    /** Every record the registry moved to its key's partition, as it wrote it again. */
    public List<TestRecord<String, byte[]>> thenMoved() {
        return take(Written::isMove).stream()
                .map(written -> new TestRecord<>(written.key(), written.record().value(), written.record().headers(),
                        written.record().timestamp()))
                .toList();
    }

    /** Every record written to the topic, unread: for a topic no other then method knows. */
    public List<TestRecord<byte[], byte[]>> thenWrittenTo(String topic) {
        assertThat(outputs).as("a topic the topology writes to").containsKey(topic);
        return take(written -> written.isOn(topic)).stream().map(Written::record).toList();
    }

    /**
     * Fails if a record written by the last step is still unasserted. Checked after every test and
     * before every step; a test may say it where a step is to have written nothing.
     */
    public void thenNothingElse() {
        if (!unasserted.isEmpty()) {
            int count = unasserted.size();
            String left = unasserted.stream().map(Written::toString).collect(Collectors.joining("\n  "));
            unasserted.clear();
            fail("%s, the registry wrote %d record(s) that no then asserted:%n  %s", lastStep, count, left);
        }
    }

    // -- the stores, read and not consumed -------------------------------------------------------

    /** The number's state as its task keeps it. */
    public NumberState storedState(String e164) {
        return this.<NumberState>store(RegistryStores.NUMBER_STATE).get(e164);
    }

    /** The ids of the number's history entries, oldest first. */
    public List<String> historyIds(String e164) {
        KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history = store(RegistryStores.NUMBER_HISTORY);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, dev.numberregistry.schema.NumberEvent> entries =
                     history.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> ids.add(entry.value.getEventId()));
        }
        return ids;
    }

    /** The rejections the number's own task keeps for it, oldest first. */
    public List<RejectedEvent> rejectionsKept(String e164) {
        KeyValueStore<String, RejectedEvent> kept = store(RegistryStores.NUMBER_REJECTIONS);
        List<RejectedEvent> rejections = new ArrayList<>();
        try (KeyValueIterator<String, RejectedEvent> entries =
                     kept.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> rejections.add(entry.value));
        }
        return rejections;
    }

    /** The event ids the idempotency ledger remembers now. */
    public Set<String> ledgerIds() {
        start();
        WindowStore<String, String> ledger = driver.getWindowStore(RegistryStores.APPLIED_EVENT_IDS);
        Set<String> ids = new HashSet<>();
        try (KeyValueIterator<Windowed<String>, String> all = ledger.all()) {
            all.forEachRemaining(entry -> ids.add(entry.key.key()));
        }
        return ids;
    }

    /** One of the registry's stores, to read or, to stage a defect, to write. */
    public <V> KeyValueStore<String, V> store(String name) {
        start();
        return driver.getKeyValueStore(name);
    }

    /** A metric of the registry's own (group {@code stream-registry-metrics}), summed over its tasks. */
    public double metric(String name) {
        return registryMetrics(name, tags -> true).stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * A metric of the registry's own with this tag, summed over its tasks; fails if there is none,
     * so that a metric at 0 is told from one that is missing.
     */
    public double metric(String name, String tag, String value) {
        List<Double> values = registryMetrics(name, tags -> value.equals(tags.get(tag)));
        if (values.isEmpty()) {
            throw new AssertionError("no metric " + name + " with " + tag + "=" + value);
        }
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The values of the registry's metric of this name (group {@code stream-registry-metrics}) whose tags match. */
    private List<Double> registryMetrics(String name, Predicate<Map<String, String>> tags) {
        start();
        return driver.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().group().equals("stream-registry-metrics")
                        && entry.getKey().name().equals(name) && tags.test(entry.getKey().tags()))
                .map(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .toList();
    }

    /** The wall clock. */
    public Instant now() {
        return now;
    }

    /** The topics whose every record a then must assert: those the topology's sinks write to. */
    public Set<String> watchedTopics() {
        start();
        return Set.copyOf(outputs.keySet());
    }

    // -- for tests that observe the topology rather than assert a scenario -----------------------

    /**
     * The registry's topology with the default configuration on a driver of its own, whose outputs
     * nobody checks: for a test that records everything the topology does and checks properties of
     * it (TopologyFuzzTest). Scenarios register a TopologyScenario instead.
     */
    public static TopologyTestDriver unwatchedDriver(Path stateDir) {
        return new TopologyTestDriver(topology(ONE_PARTITION, PolicyBook.defaults(), SERDES, RecordLimits.DEFAULT),
                configuration(stateDir), START);
    }

    // -- the JUnit extension -----------------------------------------------------------------------

    @Override
    public void beforeEach(ExtensionContext context) {
        registered = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AssertionError unasserted = null;
        try {
            if (driver != null && context.getExecutionException().isEmpty()) {
                thenNothingElse();
            }
        } catch (AssertionError e) {
            unasserted = e;
        }
        registered = false;
        try {
            close();
        } catch (RuntimeException e) {
            // The test's own finding first: what failed while cleaning up comes with it.
            if (unasserted == null) {
                throw e;
            }
            unasserted.addSuppressed(e);
        }
        if (unasserted != null) {
            throw unasserted;
        }
    }

    // -- inside ------------------------------------------------------------------------------------

    /**
     * The default sweep, but with a time budget no loaded machine exhausts: a scenario says what one
     * sweep decides, and that must not depend on how fast the machine runs.
     */
    private static final DeadlineSweep ONE_SWEEP_DECIDES_ALL = new DeadlineSweep(DeadlineSweep.DEFAULT.interval(),
            Duration.ofMinutes(10), DeadlineSweep.DEFAULT.replayMargin(), DeadlineSweep.DEFAULT.idleAfter());

    private static Topology topology(EventPlacement placement, PolicyBook policies, RegistrySerdes serdes,
                                     RecordLimits limits) {
        return RegistryTopology.build(TOPICS, placement, EverythingRead.LOG, policies, serdes, ONE_SWEEP_DECIDES_ALL,
                limits);
    }

    private static Properties configuration(Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-scenario");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        new FailureHandling(TOPICS.rejected(), SERDES.rejections().serializer(), Clock.systemUTC())
                .configure(properties);
        return properties;
    }

    /** The topics the topology's sinks write to: every one of them is watched. */
    private static Set<String> sinkTopics(Topology topology) {
        Set<String> topics = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Sink sink) {
                    if (sink.topic() == null) {
                        throw new IllegalStateException("sink " + sink.name() + " chooses its topic record by record: "
                                + "the scenario cannot know which topics to watch");
                    }
                    topics.add(sink.topic());
                }
            }
        }
        return topics;
    }

    private void start() {
        if (driver != null) {
            return;
        }
        if (!registered) {
            throw new IllegalStateException("a TopologyScenario checks after each test that nothing was left "
                    + "unasserted: declare it as a @RegisterExtension field of the test class");
        }
        try {
            stateDir = Files.createTempDirectory("topology-scenario-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Topology topology = topology(placement, policies, serdes, limits);
        driver = new TopologyTestDriver(topology, configuration(stateDir), START);
        events = driver.createInputTopic(TOPICS.events(), new ByteArraySerializer(), new ByteArraySerializer());
        for (String topic : sinkTopics(topology)) {
            outputs.put(topic, driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        }
    }

    private void requireNotStarted() {
        if (driver != null) {
            throw new IllegalStateException("configure the scenario before its first step");
        }
    }

    private void beginStep(String step) {
        start();
        thenNothingElse();
        lastStep = step;
    }

    private TopologyScenario endGiven() {
        collect();
        List<RejectedEvent> rejections = thenRejections();
        unasserted.clear();
        if (!rejections.isEmpty()) {
            fail("%s was to set the scene, but the registry rejected: %s", lastStep, rejections.stream()
                    .map(rejection -> rejection.getEventId() + " " + rejection.getReasonCode() + " ("
                            + rejection.getReason() + ")")
                    .collect(Collectors.joining("; ")));
        }
        return this;
    }

    private TopologyScenario endWhen() {
        collect();
        return this;
    }

    private void pipe(String key, byte[] value, Instant timestamp) {
        events.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                new RecordHeaders(), timestamp));
    }

    private void advanceTo(Instant time) {
        Duration by = Duration.between(now, time);
        if (by.isNegative()) {
            throw new IllegalArgumentException("the wall clock is at " + now + " and does not go back to " + time);
        }
        driver.advanceWallClockTime(by);
        now = time;
    }

    /** Takes what the topology wrote off its topics, in each topic's order. */
    private void collect() {
        outputs.forEach((topic, output) ->
                output.readRecordsToList().forEach(record -> unasserted.add(new Written(topic, record))));
    }

    private List<Written> take(Predicate<Written> which) {
        return take(which, Integer.MAX_VALUE);
    }

    private List<Written> take(Predicate<Written> which, int most) {
        List<Written> taken = new ArrayList<>();
        for (Iterator<Written> records = unasserted.iterator(); records.hasNext() && taken.size() < most; ) {
            Written written = records.next();
            if (which.test(written)) {
                taken.add(written);
                records.remove();
            }
        }
        return taken;
    }

    private static String keyOf(NumberEvent event) {
        return event.number().e164();
    }

    private static byte[] encode(NumberEvent event) {
        return SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(event));
    }

    private static String describe(NumberEvent... events) {
        return Arrays.stream(events)
                .map(event -> event.payload().type() + " " + event.eventId())
                .collect(Collectors.joining(", "));
    }

    private void close() {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            driver = null;
            outputs.clear();
            unasserted.clear();
            deleteStateDir();
        }
    }

    private void deleteStateDir() {
        if (stateDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            stateDir = null;
        }
    }

    /** A record the topology wrote, and the topic it wrote it to. */
    private record Written(String topic, TestRecord<byte[], byte[]> record) {

        boolean isOn(String name) {
            return topic.equals(name);
        }

        boolean isMove() {
            return isOn(TOPICS.events()) && record.headers().lastHeader(MOVED_FROM_HEADER) != null;
        }

        boolean isDecision() {
            return isOn(TOPICS.events()) && !isMove();
        }

        String key() {
            return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        }

        <V> V value(Deserializer<V> deserializer) {
            return deserializer.deserialize(topic, record.value());
        }

        /** The record as a failure message shows it, decoded where its topic's format is known. */
        @Override
        public String toString() {
            String what = isMove() ? "moved record" : isDecision() ? "decision" : "record";
            return topic + " " + what + " under " + key() + ": " + decoded()
                    + Arrays.stream(record.headers().toArray()).map(TopologyScenario::describe)
                    .collect(Collectors.joining());
        }

        private Object decoded() {
            if (record.value() == null) {
                return "(no value)";
            }
            Deserializer<?> format = isMove() ? null
                    : isOn(TOPICS.events()) ? SERDES.events().deserializer()
                    : isOn(TOPICS.states()) ? SERDES.states().deserializer()
                    : isOn(TOPICS.rejected()) ? SERDES.rejections().deserializer()
                    : isOn(TOPICS.reminders()) ? SERDES.reminders().deserializer()
                    : isOn(TOPICS.notifications()) ? SERDES.notifications().deserializer()
                    : null;
            if (format == null) {
                return record.value().length + " bytes";
            }
            try {
                return format.deserialize(topic, record.value());
            } catch (RuntimeException undecodable) {
                return record.value().length + " bytes that do not decode (" + undecodable.getMessage() + ")";
            }
        }
    }

    private static String describe(Header header) {
        return ", header " + header.key() + "=" + (header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8));
    }
}
