package dev.numberregistry.streams.testing;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.LogPositions;
import dev.numberregistry.streams.RecordLimits;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.errors.FailureHandling;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The registry's topology on a {@link TopologyTestDriver}, configured as the application runs it
 * (its failure handlers included), with a wall clock the test moves.
 */
public final class TopologyFixture implements AutoCloseable {

    public static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    public static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    /** The test driver reads every topic as one partition. */
    public static final EventPlacement ONE_PARTITION = new EventPlacement(1);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, dev.numberregistry.schema.NumberEvent> events;
    private final TestInputTopic<byte[], byte[]> rawEvents;
    private final TestOutputTopic<String, NumberState> states;
    private final TestOutputTopic<String, RejectedEvent> rejected;
    private final TestOutputTopic<String, dev.numberregistry.schema.NumberEvent> log;

    private TopologyFixture(Path stateDir, EventPlacement placement, PolicyBook policies, RecordLimits limits,
                            RegistrySerdes serdes, Instant wallClock) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-fixture");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        new FailureHandling(TOPICS.rejected(), SERDES.rejections().serializer(), Clock.systemUTC())
                .configure(properties);
        driver = new TopologyTestDriver(RegistryTopology.build(TOPICS, placement, LogPositions.ALL_READ, policies, serdes,
                DeadlineSweep.DEFAULT, limits), properties, wallClock);
        events = driver.createInputTopic(TOPICS.events(), new StringSerializer(), SERDES.events().serializer());
        rawEvents = driver.createInputTopic(TOPICS.events(), new ByteArraySerializer(), new ByteArraySerializer());
        states = driver.createOutputTopic(TOPICS.states(), new StringDeserializer(), SERDES.states().deserializer());
        rejected = driver.createOutputTopic(TOPICS.rejected(), new StringDeserializer(),
                SERDES.rejections().deserializer());
        log = driver.createOutputTopic(TOPICS.events(), new StringDeserializer(), SERDES.events().deserializer());
    }

    public static TopologyFixture start(Path stateDir, PolicyBook policies, RecordLimits limits) {
        return new TopologyFixture(stateDir, ONE_PARTITION, policies, limits, SERDES, TestEvents.day(0));
    }

    /**
     * A topology that counts the event log's partitions as given, while the driver reads every
     * record from partition 0: records of keys that belong in another partition arrive misplaced.
     */
    public static TopologyFixture start(Path stateDir, EventPlacement placement) {
        return new TopologyFixture(stateDir, placement, PolicyBook.defaults(), RecordLimits.DEFAULT, SERDES,
                TestEvents.day(0));
    }

    /** A topology that writes with the given serdes (the fixture reads with the default ones). */
    public static TopologyFixture start(Path stateDir, RegistrySerdes serdes) {
        return new TopologyFixture(stateDir, ONE_PARTITION, PolicyBook.defaults(), RecordLimits.DEFAULT, serdes,
                TestEvents.day(0));
    }

    public static TopologyFixture start(Path stateDir) {
        return start(stateDir, PolicyBook.defaults(), RecordLimits.DEFAULT);
    }

    /** Sends the event under its number, as a producer that keys right does. */
    public void send(NumberEvent event) {
        events.pipeInput(event.number().e164(), EventMapping.toWire(event));
    }

    public void send(String key, dev.numberregistry.schema.NumberEvent wire) {
        events.pipeInput(key, wire);
    }

    public void sendRaw(String key, byte[] value) {
        rawEvents.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    public NumberState state(String e164) {
        KeyValueStore<String, NumberState> store = driver.getKeyValueStore(RegistryStores.NUMBER_STATE);
        return store.get(e164);
    }

    public List<String> historyIds(String e164) {
        KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history =
                driver.getKeyValueStore(RegistryStores.NUMBER_HISTORY);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, dev.numberregistry.schema.NumberEvent> entries =
                     history.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> ids.add(entry.value.getEventId()));
        }
        return ids;
    }

    /** The states written to the state topic since the last read. */
    public List<NumberState> statesWritten() {
        return states.readValuesToList();
    }

    /** The same, with their keys. */
    public List<KeyValue<String, NumberState>> stateUpdates() {
        return states.readKeyValuesToList();
    }

    /** What the registry wrote to the event log itself (its decisions) since the last read. */
    public List<dev.numberregistry.schema.NumberEvent> eventsLogged() {
        return log.readValuesToList();
    }

    /** The rejections the number's own task keeps for it, oldest first. */
    public List<RejectedEvent> rejectionsKept(String e164) {
        KeyValueStore<String, RejectedEvent> store = driver.getKeyValueStore(RegistryStores.NUMBER_REJECTIONS);
        List<RejectedEvent> kept = new ArrayList<>();
        try (KeyValueIterator<String, RejectedEvent> entries =
                     store.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> kept.add(entry.value));
        }
        return kept;
    }

    /** The rejections written to the rejected topic since the last read. */
    public List<RejectedEvent> rejectionsWritten() {
        return rejected.readValuesToList();
    }

    /** Applied events of every number, from the idempotency ledger (one entry per applied event). */
    public long appliedEvents() {
        KeyValueStore<String, String> ledger = driver.getKeyValueStore(RegistryStores.APPLIED_EVENT_IDS);
        long entries = 0;
        try (KeyValueIterator<String, String> all = ledger.all()) {
            for (; all.hasNext(); all.next()) {
                entries++;
            }
        }
        return entries;
    }

    public double metric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name))
                .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
