package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.BenchSupport.bulkProducerConfig;
import static dev.numberregistry.benchmarks.BenchSupport.committedReader;
import static dev.numberregistry.benchmarks.BenchSupport.deleteRecursively;
import static dev.numberregistry.benchmarks.BenchSupport.longProperty;
import static dev.numberregistry.benchmarks.BenchSupport.out;
import static dev.numberregistry.benchmarks.BenchSupport.printJvm;
import static dev.numberregistry.benchmarks.BenchSupport.seconds;

import dev.numberregistry.benchmarks.BenchSupport.CpuSnapshot;
import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.EmbeddedKafkaBroker;
import dev.numberregistry.api.kafka.KafkaStreamsFactory;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.event.PlanType;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.schema.SingleObjectCodec;
import dev.numberregistry.schema.ValidityLapsed;
import dev.numberregistry.streams.DeadlineIndexProbe;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What time costs the registry (issue #3): with N numbers holding a pending deadline,
 * (a) the time of a sweep that finds nothing due, and (b) how long it takes from the moment all N
 * deadlines fall due until all N decisions are in the log. Not a JUnit test: run it with
 * {@code mvn -o -q -pl benchmarks -am verify -DskipTests -Pdeadline-benchmark} (see BENCHMARKS.md).
 *
 * <p>Mode {@code topology} (the default): the embedded broker, the real topology with the
 * application's Streams configuration (exactly_once_v2...), and N prepaid NumberAssigned events
 * whose validity ends at one instant T, chosen so that loading ends before it. Then:
 * <ul>
 *   <li>(a) the processor's own metrics ({@code deadline-sweep-micros-latency-avg/-max}, one per
 *       task, see TaskMetrics) over a quiet period before T, when every sweep finds nothing due;</li>
 *   <li>(b) from T until a read_committed consumer of number-events has seen N records; then they
 *       are checked: each a ValidityLapsed from source "registry", N distinct ids, nothing
 *       rejected, no reminder (the policy has none);</li>
 *   <li>(a) again, once the registry has re-read its own decisions: N grace ends are pending, and
 *       the index has just lost N entries.</li>
 * </ul>
 *
 * <p>Mode {@code index}: the deadline index alone, on a RocksDB store as the topology has it
 * (without its changelog), filled with each of {@code bench.index.sizes} pending deadlines: the
 * time of {@code due(now, 500)} when nothing is due (as the index has it, and with a seek forced
 * by a deadline withdrawn just before), then how fast a flood of due entries is read and removed,
 * then {@code due} with nothing due again. The index is where (a) could depend on N; the topology
 * mode at 10,000,000 ({@code -Dbench.numbers=10000000 -Dbench.due=1000000}) takes about 16 minutes.
 *
 * <p>Parameters (system properties): {@code bench.mode}, {@code bench.numbers} (N, default
 * 1,000,000), {@code bench.due} (how many of the N fall due at T, default all; the others fall due
 * 30 days later and stay pending), {@code bench.partitions} (default 6, the application's),
 * {@code bench.threads} (default: the application's),
 * {@code bench.commitIntervalMs} (default: the application's), {@code bench.sweepIntervalMs} and
 * {@code bench.maxSweepMs} (default: DeadlineSweep.DEFAULT), {@code bench.dueInSeconds} (T - start
 * of loading; default from {@code bench.expectedLoadRate}), {@code bench.quietSeconds} (10),
 * {@code bench.streams.<name>} for any other Streams property; index mode:
 * {@code bench.index.sizes} (1000000,10000000), {@code bench.index.flood} (1000000),
 * {@code bench.index.repetitions} (20000).
 */
public final class DeadlineBenchmark {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);
    private static final String APPLICATION_ID = "number-registry-deadline-bench";
    /** LifecycleEventProcessor.SWEEP_BATCH: due deadlines read from the index at a time. */
    private static final int SWEEP_BATCH = 500;

    private final int numbers;
    /** How many of the N deadlines fall due at T; the others a month later, pending throughout. */
    private final int dueAtT;
    private final int partitions;
    private final int threads;
    private final Long commitIntervalMs;
    private final DeadlineSweep sweep;
    private final int quietSeconds;
    private final double expectedLoadRate;
    private final Long dueInSeconds;
    private final Map<String, String> streamsOverrides;

    private DeadlineBenchmark() {
        this.numbers = (int) longProperty("bench.numbers", 1_000_000);
        this.dueAtT = Math.min(numbers, (int) longProperty("bench.due", numbers));
        this.partitions = (int) longProperty("bench.partitions", new KafkaSettings().getPartitions());
        this.threads = (int) longProperty("bench.threads", new StreamsSettings().getThreads());
        String commit = System.getProperty("bench.commitIntervalMs", "");
        this.commitIntervalMs = commit.isBlank() ? null : Long.parseLong(commit);
        DeadlineSweep defaults = DeadlineSweep.DEFAULT;
        this.sweep = new DeadlineSweep(
                Duration.ofMillis(longProperty("bench.sweepIntervalMs", defaults.interval().toMillis())),
                Duration.ofMillis(longProperty("bench.maxSweepMs", defaults.maxSweepTime().toMillis())),
                defaults.replayMargin(), defaults.idleAfter());
        this.quietSeconds = (int) longProperty("bench.quietSeconds", 10);
        this.expectedLoadRate = Double.parseDouble(System.getProperty("bench.expectedLoadRate", "15000"));
        String dueIn = System.getProperty("bench.dueInSeconds", "");
        this.dueInSeconds = dueIn.isBlank() ? null : Long.parseLong(dueIn);
        Map<String, String> overrides = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.streams."))
                .forEach(name -> overrides.put(name.substring("bench.streams.".length()), System.getProperty(name)));
        this.streamsOverrides = overrides;
    }

    public static void main(String[] args) {
        try {
            DeadlineBenchmark bench = new DeadlineBenchmark();
            if ("index".equals(System.getProperty("bench.mode", "topology"))) {
                bench.runIndex();
            } else {
                bench.runTopology();
            }
        } catch (Throwable e) {
            System.out.println();
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------
    // Mode topology

    private void runTopology() throws Exception {
        out("== Number registry deadline benchmark (topology) ==");
        printJvm();
        out("Parameters: N=%,d numbers (%,d due at T, the others 30 days later), partitions=%d, stream threads=%d, commit interval=%s, sweep every %d ms"
                        + " working at most %d ms, quiet period %d s, streams overrides=%s",
                numbers, dueAtT, partitions, threads,
                commitIntervalMs == null ? "application default (" + new StreamsSettings().getCommitInterval().toMillis()
                        + " ms)" : commitIntervalMs + " ms",
                sweep.interval().toMillis(), sweep.maxSweepTime().toMillis(), quietSeconds, streamsOverrides);
        long t = System.nanoTime();
        String[] e164s = BenchNumbers.generate(numbers);
        out("Generated %,d distinct valid numbers in %.1f s", numbers, seconds(System.nanoTime() - t));

        long dueIn = dueInSeconds != null ? dueInSeconds
                : (long) Math.ceil(numbers / expectedLoadRate) + quietSeconds + 20;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path dataDir = Files.createTempDirectory("registry-deadline-bench-");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0)) {
                createTopics(broker.bootstrapServers(), RegistryTopics.DEFAULT);
                Double overran = attempt(broker.bootstrapServers(), e164s, dueIn, dataDir.resolve("streams"));
                if (overran == null) {
                    return;
                }
                long next = (long) Math.ceil(numbers / overran * 1.3) + quietSeconds + 20;
                out("Loading overran the deadline (load rate %,.0f events/s): trying again with T = start + %d s",
                        overran, next);
                dueIn = next;
            } finally {
                deleteRecursively(dataDir);
            }
        }
        throw new IllegalStateException("loading overran the deadline three times");
    }

    /** One run; returns the measured load rate if loading did not end in time before T, else null. */
    private Double attempt(String bootstrap, String[] e164s, long dueIn, Path stateDir) throws Exception {
        RegistryTopics topics = RegistryTopics.DEFAULT;
        StreamsSettings settings = new StreamsSettings();
        settings.setApplicationId(APPLICATION_ID);
        settings.setStateDir(stateDir);
        settings.setThreads(threads);
        if (commitIntervalMs != null) {
            settings.setCommitInterval(Duration.ofMillis(commitIntervalMs));
        }
        Properties properties = KafkaStreamsFactory.streamsProperties(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), settings);
        // The windows of the sweep's metrics (avg and max over 2 samples): the quiet period.
        properties.put(StreamsConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, Math.max(1000, quietSeconds * 1000L / 2));
        properties.put(StreamsConfig.METRICS_NUM_SAMPLES_CONFIG, 2);
        properties.putAll(streamsOverrides);
        out("Streams properties: %s", new TreeMap<>(properties));

        AdminLogPositions positions = new AdminLogPositions(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        // No reminders: only the validity ends come due at T.
        PolicyBook policies = new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true,
                List.of()), List.of());
        KafkaStreams streams = new KafkaStreams(RegistryTopology.build(topics, new EventPlacement(partitions), positions, policies,
                RegistrySerdes.singleObjectAvro(), sweep), properties);
        AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(error -> {
            streamsFailure.set(error);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        try {
            streams.start();
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the topology did not reach RUNNING in 120 s: " + streams.state());
            }
            Instant loadStart = Instant.now();
            Instant due = loadStart.plusSeconds(dueIn).truncatedTo(ChronoUnit.SECONDS);
            out("");
            out("-- Loading %,d NumberAssigned (PREPAID; validUntil = T = %s, start + %d s, for %,d of them) --",
                    numbers, due, dueIn, dueAtT);

            // Loading: N state updates on number-state (plus any rejection) mark every event applied.
            List<TopicPartition> loadResults = new ArrayList<>(partitionsOf(topics.states()));
            loadResults.addAll(partitionsOf(topics.rejected()));
            Counter applied = new Counter(committedReader(bootstrap, 5_000), loadResults, topics.rejected(), numbers, 0);
            Thread appliedThread = start(applied, "bench-applied-counter");
            long produceStart = System.nanoTime();
            produce(bootstrap, topics.events(), e164s, loadStart, due);
            long produced = System.nanoTime();
            Instant mustEndBy = due.minusSeconds(quietSeconds + 1);
            while (applied.count() < numbers && Instant.now().isBefore(mustEndBy) && streamsFailure.get() == null) {
                Thread.sleep(100);
            }
            failIfStreamsFailed(streamsFailure);
            long loaded = System.nanoTime();
            double loadRate = applied.count() / seconds(loaded - produceStart);
            if (applied.count() < numbers) {
                applied.stop();
                appliedThread.join(5_000);
                out("only %,d of %,d applied %.1f s before T", applied.count(), numbers, (double) quietSeconds + 1);
                return loadRate;
            }
            applied.stop();
            appliedThread.join(5_000);
            if (applied.rejected() > 0) {
                throw new IllegalStateException(applied.rejected() + " events rejected while loading");
            }
            out("Loaded: %,d applied in %.1f s (%,.0f events/s; producer done after %.1f s); T is in %.1f s",
                    numbers, seconds(loaded - produceStart), loadRate, seconds(produced - produceStart),
                    Duration.between(Instant.now(), due).toMillis() / 1e3);

            // The decisions will be the only records written to number-events from now on.
            Map<TopicPartition, Long> decisionsFrom = endOffsets(bootstrap, partitionsOf(topics.events()));

            // (a) Sweeps with nothing due, N pending: the metrics' windows cover the quiet period.
            sleepUntil(due.minusMillis(300));
            Map<String, Double> before = sweepMetrics(streams);
            out("");
            out("-- (a) sweeps with nothing due, %,d deadlines pending, over the last ~%d s before T --", numbers,
                    quietSeconds);
            printSweepMetrics(before);

            // (b) From T until N decisions are in the log (committed).
            Counter decisions = new Counter(committedReader(bootstrap, 5_000), new ArrayList<>(decisionsFrom.keySet()), null,
                    dueAtT, due.toEpochMilli());
            decisions.seek(decisionsFrom);
            Map<String, Double> threadBefore = threadMetrics(streams);
            sleepUntil(due);
            jdk.jfr.Recording recording = startRecording();
            CpuSnapshot cpuAtT = CpuSnapshot.take();
            Thread decisionsThread = start(decisions, "bench-decision-counter");
            while (decisions.doneMillis() == 0 && !decisions.failed() && streamsFailure.get() == null) {
                Thread.sleep(50);
            }
            CpuSnapshot cpuAtDone = CpuSnapshot.take();
            stopRecording(recording);
            failIfStreamsFailed(streamsFailure);
            decisions.throwIfFailed();
            long elapsedMillis = decisions.doneMillis() - due.toEpochMilli();
            out("");
            out("-- (b) %,d deadlines due at T (%,d pending in all): decisions in the log --", dueAtT, numbers);
            out("first decision visible %d ms after T; all %,d after %.2f s = %,.0f decisions/s",
                    decisions.firstMillis() - due.toEpochMilli(), dueAtT, elapsedMillis / 1e3,
                    dueAtT / (elapsedMillis / 1e3));
            out("committed decisions seen per second after T: %s", decisions.timeline());
            out("%s", cpuAtDone.describeSince(cpuAtT, elapsedMillis / 1e3));
            out("CPU by thread group from T:");
            cpuAtDone.cpuByGroup(cpuAtT, APPLICATION_ID).forEach((group, cpu) -> out("  %-55s %7.1f s", group, cpu));
            Map<String, Double> threadAfter = threadMetrics(streams);
            printDeltas("Streams metrics from T to the last decision (totals as deltas, others at the end):",
                    threadBefore, threadAfter);
            out("Bar (b) under 60 s: %s", elapsedMillis < 60_000 ? "MET" : "NOT MET");

            // The registry re-reads its own decisions from the log (logged copies): wait for it.
            long caughtUp = awaitCaughtUp(bootstrap, topics.events(), streamsFailure);
            out("the registry had re-read its %,d logged decisions %.1f s after T", dueAtT,
                    (caughtUp - due.toEpochMilli()) / 1e3);

            // (a) again, after the flood: N grace ends pending, N entries just removed.
            Thread.sleep(quietSeconds * 1000L + 500);
            out("");
            out("-- (a') sweeps with nothing due after the flood (%,d deadlines pending, %,d index entries just"
                    + " deleted), over ~%d s --", numbers, dueAtT, quietSeconds);
            printSweepMetrics(sweepMetrics(streams));

            verify(bootstrap, topics, decisionsFrom);
            decisionsThread.join(5_000);
            return null;
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** With {@code -Dbench.jfr=<file>}: a JFR recording (settings "profile") of the flood, from T to the last decision. */
    private static jdk.jfr.Recording startRecording() throws Exception {
        String file = System.getProperty("bench.jfr", "");
        if (file.isBlank()) {
            return null;
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.setDestination(Path.of(file));
        recording.start();
        return recording;
    }

    private static void stopRecording(jdk.jfr.Recording recording) {
        if (recording != null) {
            recording.stop();
            recording.close();
            out("JFR recording of the flood written to %s", System.getProperty("bench.jfr"));
        }
    }

    private void produce(String bootstrap, String topic, String[] e164s, Instant occurredAt, Instant validUntil) {
        SingleObjectCodec<dev.numberregistry.schema.NumberEvent> codec =
                SingleObjectCodec.forType(dev.numberregistry.schema.NumberEvent.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bulkProducerConfig(bootstrap))) {
            Instant later = validUntil.plus(Duration.ofDays(30));
            for (int i = 0; i < e164s.length; i++) {
                PhoneNumber number = PhoneNumber.parse(e164s[i]);
                // Spread over the partitions: every tenth, ninth... number is due at T, not the first ones.
                boolean dueAtStart = (long) i * dueAtT / numbers != (long) (i + 1) * dueAtT / numbers;
                NumberEvent event = new NumberEvent("deadline-bench-" + i, number, occurredAt, occurredAt, "billing",
                        new EventPayload.NumberAssigned("sub-" + i, PlanType.PREPAID,
                                dueAtStart ? validUntil : later));
                producer.send(new ProducerRecord<>(topic, e164s[i].getBytes(StandardCharsets.UTF_8),
                        codec.encode(EventMapping.toWire(event))), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
        }
    }

    /** Every record after the positions must be a ValidityLapsed decided by the registry, each once. */
    private void verify(String bootstrap, RegistryTopics topics, Map<TopicPartition, Long> from) {
        SingleObjectCodec<dev.numberregistry.schema.NumberEvent> codec =
                SingleObjectCodec.forType(dev.numberregistry.schema.NumberEvent.class);
        Map<TopicPartition, Long> to = endOffsets(bootstrap, new ArrayList<>(from.keySet()));
        Set<String> ids = new HashSet<>(dueAtT * 2);
        long records = 0;
        Map<String, Long> wrong = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 5_000)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    dev.numberregistry.schema.NumberEvent event = codec.decode(record.value());
                    if (!(event.getPayload() instanceof ValidityLapsed) || !"registry".equals(event.getSource())) {
                        wrong.merge(EventMapping.typeOf(event) + " from " + event.getSource(), 1L, Long::sum);
                    }
                    ids.add(event.getEventId());
                }
            }
        }
        long rejected = countAll(bootstrap, partitionsOf(topics.rejected()));
        long reminders = countAll(bootstrap, partitionsOf(topics.reminders()));
        out("");
        out("Verified: %,d records on %s after loading, %,d distinct event ids, other than ValidityLapsed from"
                        + " registry: %s; rejections: %,d; reminders: %,d", records, topics.events(), ids.size(), wrong,
                rejected, reminders);
        if (records != dueAtT || ids.size() != dueAtT || !wrong.isEmpty() || rejected != 0 || reminders != 0) {
            throw new IllegalStateException("expected exactly " + dueAtT
                    + " ValidityLapsed decisions, each once, and nothing rejected or reminded");
        }
    }

    private long countAll(String bootstrap, List<TopicPartition> tps) {
        Map<TopicPartition, Long> ends = endOffsets(bootstrap, tps);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 5_000)) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return count;
    }

    /** Waits until the registry's committed offsets on the event log reach its end; returns when. */
    private long awaitCaughtUp(String bootstrap, String topic, AtomicReference<Throwable> failure) throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.currentTimeMillis() < deadline) {
                failIfStreamsFailed(failure);
                Map<TopicPartition, Long> ends = endOffsets(bootstrap, partitionsOf(topic));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue());
                if (done) {
                    return System.currentTimeMillis();
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the registry did not re-read its decisions within 10 minutes");
    }

    // ---------------------------------------------------------------------------------------------
    // Mode index

    private void runIndex() throws Exception {
        out("== Number registry deadline benchmark (index alone) ==");
        printJvm();
        int flood = (int) longProperty("bench.index.flood", 1_000_000);
        int repetitions = (int) longProperty("bench.index.repetitions", 20_000);
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.index.sizes", "1000000,10000000").split(","))
                .map(size -> size.strip().replace("_", "")).map(Integer::valueOf).toList();
        out("Parameters: sizes=%s, flood=%,d, repetitions=%,d, batch=%d", sizes, flood, repetitions, SWEEP_BATCH);
        for (int size : sizes) {
            Path dir = Files.createTempDirectory("registry-index-bench-");
            try {
                indexRun(size, flood, repetitions, dir);
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private void indexRun(int pending, int flood, int repetitions, Path dir) throws Exception {
        out("");
        out("-- index with %,d pending deadlines --", pending);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "deadline-index-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config,
                new org.apache.kafka.streams.processor.TaskId(0, 0), dir.toFile());
        // As RegistryTopology builds it (persistent, RocksDB, no cache), less the changelog, which
        // no read touches.
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(RegistryStores.DEADLINES), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        try {
            DeadlineIndexProbe index = new DeadlineIndexProbe(store);
            sweepClock = Instant.now();
            Instant now = sweepClock;
            Random random = new Random(42);
            long t = System.nanoTime();
            for (int i = 0; i < pending; i++) {
                // Validity ends spread over 30 days from a week on, in random order, added through
                // the index as the processor adds them.
                Instant at = now.plus(Duration.ofDays(7)).plusSeconds(random.nextInt(30 * 24 * 3600));
                index.add(fakeNumber(i), new Deadline(at, DeadlineKind.VALIDITY_END, at, Duration.ZERO));
            }
            store.flush();
            out("filled with %,d in %.1f s; settling 10 s (RocksDB's background compaction)", pending,
                    seconds(System.nanoTime() - t));
            Thread.sleep(10_000);
            out("due(now, %d), nothing due:                       %s", SWEEP_BATCH,
                    timeNothingDue(index, repetitions));
            out("due(now, %d), nothing due, a seek forced:        %s", SWEEP_BATCH,
                    timeNothingDue(index, repetitions, true));

            // A flood: `flood` deadlines fall due at once, and are read and removed as a sweep does.
            Instant floodAt = sweepClock.minusSeconds(3600);
            for (int i = 0; i < flood; i++) {
                Instant at = floodAt.plusMillis(i % 1000);
                index.add(fakeNumber(pending + i), new Deadline(at, DeadlineKind.VALIDITY_END, at, Duration.ZERO));
            }
            store.flush();
            Thread.sleep(5_000);
            Instant sweepNow = nextSweep();
            long drainStart = System.nanoTime();
            int drained = 0;
            List<dev.numberregistry.streams.DeadlineIndex.Entry> due;
            do {
                due = index.due(sweepNow, SWEEP_BATCH);
                for (dev.numberregistry.streams.DeadlineIndex.Entry entry : due) {
                    index.remove(entry);
                }
                drained += due.size();
            } while (!due.isEmpty());
            long drainNanos = System.nanoTime() - drainStart;
            if (drained != flood) {
                throw new IllegalStateException("drained " + drained + " of " + flood);
            }
            out("flood of %,d due: read and removed in %.2f s = %,.0f entries/s (the index's share of a sweep)",
                    flood, seconds(drainNanos), flood / seconds(drainNanos));
            out("due(now, %d), nothing due, right after the flood: %s", SWEEP_BATCH,
                    timeNothingDue(index, repetitions));
            store.flush();
            Thread.sleep(10_000);
            out("due(now, %d), nothing due, flushed + 10 s later: %s", SWEEP_BATCH,
                    timeNothingDue(index, repetitions));
            out("due(now, %d), nothing due, a seek forced:        %s", SWEEP_BATCH,
                    timeNothingDue(index, repetitions, true));
        } finally {
            store.close();
        }
    }

    private static String fakeNumber(int i) {
        // The index never parses the number; any distinct string of the right shape will do.
        return "+1" + (2_000_000_000L + i);
    }

    /**
     * The sweeps' clock: each call of {@link #timeNothingDue} is one sweep, a sweep interval after
     * the one before, as the punctuation calls it.
     */
    private Instant sweepClock = Instant.now();

    private Instant nextSweep() {
        sweepClock = sweepClock.plus(sweep.interval());
        return sweepClock;
    }

    private String timeNothingDue(DeadlineIndexProbe index, int repetitions) {
        return timeNothingDue(index, repetitions, false);
    }

    /**
     * {@code forceSeek}: before each sweep a deadline falls due and is withdrawn (a top-up moved
     * it), so the index cannot know that nothing is due without a seek in the store; otherwise the
     * index knows its next pending deadline and a sweep with nothing due reads nothing.
     */
    private String timeNothingDue(DeadlineIndexProbe index, int repetitions, boolean forceSeek) {
        for (int i = 0; i < Math.min(2_000, repetitions); i++) {
            Instant now = nextSweep();
            if (forceSeek) {
                withdrawnDeadline(index, now);
            }
            index.due(now, SWEEP_BATCH);
        }
        long[] nanos = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            Instant now = nextSweep();
            if (forceSeek) {
                withdrawnDeadline(index, now);
            }
            long start = System.nanoTime();
            int found = index.due(now, SWEEP_BATCH).size();
            nanos[i] = System.nanoTime() - start;
            if (found != 0) {
                throw new IllegalStateException(found + " due, none expected");
            }
        }
        Arrays.sort(nanos);
        double avg = Arrays.stream(nanos).average().orElse(0);
        return String.format(Locale.ROOT, "avg %.1f us, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%,d calls)",
                avg / 1e3, nanos[repetitions / 2] / 1e3, nanos[(int) (repetitions * 0.99)] / 1e3,
                nanos[(int) (repetitions * 0.999)] / 1e3, nanos[repetitions - 1] / 1e3, repetitions);
    }

    private static void withdrawnDeadline(DeadlineIndexProbe index, Instant at) {
        Deadline deadline = new Deadline(at, DeadlineKind.VALIDITY_END, at, Duration.ZERO);
        index.add("+12025550100", deadline);
        index.withdraw("+12025550100", deadline);
    }

    // ---------------------------------------------------------------------------------------------
    // Metrics

    /** The sweep's metrics per task: latency avg/max (microseconds), sweeps/s, deadlines swept. */
    private static Map<String, Double> sweepMetrics(KafkaStreams streams) {
        Map<String, Double> values = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.name().startsWith("deadline-sweep-micros") || name.name().startsWith("deadlines-swept")) {
                String task = name.tags().getOrDefault("registry-id", name.tags().toString());
                if (metric.metricValue() instanceof Number number) {
                    values.put(task + " " + name.name(), number.doubleValue());
                }
            }
        });
        return values;
    }

    private static void printSweepMetrics(Map<String, Double> metrics) {
        double maxAvg = 0;
        double maxMax = 0;
        double sumAvg = 0;
        int tasks = 0;
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> entry : metrics.entrySet()) {
            text.append(String.format(Locale.ROOT, "%n  %-55s %,14.1f", entry.getKey(), entry.getValue()));
            if (entry.getKey().endsWith("deadline-sweep-micros-latency-avg")) {
                maxAvg = Math.max(maxAvg, entry.getValue());
                sumAvg += entry.getValue();
                tasks++;
            } else if (entry.getKey().endsWith("deadline-sweep-micros-latency-max")) {
                maxMax = Math.max(maxMax, entry.getValue());
            }
        }
        out("per task:%s", text);
        out("sweep with nothing due: avg over tasks %.1f us (highest task avg %.1f us), max %.1f us; bar (a) under"
                + " 1 ms: %s", tasks == 0 ? Double.NaN : sumAvg / tasks, maxAvg, maxMax, maxMax < 1000 ? "MET (max)"
                : maxAvg < 1000 ? "MET on average, NOT by the max" : "NOT MET");
    }

    private static final List<String> THREAD_METRICS = List.of("process-ratio", "poll-ratio", "commit-ratio",
            "punctuate-ratio", "punctuate-latency-avg", "punctuate-latency-max", "punctuate-total", "commit-total",
            "commit-latency-avg", "commit-latency-max", "process-total", "blocked-time-ns-total");
    private static final List<String> PRODUCER_METRICS = List.of("record-send-total", "txn-commit-time-ns-total",
            "flush-time-ns-total", "batch-size-avg", "records-per-request-avg", "bufferpool-wait-time-ns-total");

    private static Map<String, Double> threadMetrics(KafkaStreams streams) {
        Map<String, Double> values = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            String role;
            if (name.group().equals("stream-thread-metrics") && THREAD_METRICS.contains(name.name())) {
                role = "thread " + name.tags().get("thread-id").replaceAll(".*-(StreamThread-\\d+)", "$1");
            } else if (name.group().equals("producer-metrics") && PRODUCER_METRICS.contains(name.name())) {
                role = "producer " + name.tags().getOrDefault("client-id", "")
                        .replaceAll(".*-(StreamThread-\\d+)-producer", "$1");
            } else if (name.name().equals("deadlines-swept-total")) {
                role = "task " + name.tags().get("registry-id");
            } else {
                return;
            }
            if (metric.metricValue() instanceof Number number) {
                values.put(role + " " + name.name(), number.doubleValue());
            }
        });
        return values;
    }

    private static void printDeltas(String title, Map<String, Double> start, Map<String, Double> end) {
        StringBuilder text = new StringBuilder(title);
        end.forEach((name, value) -> {
            boolean total = name.endsWith("-total");
            double shown = total ? value - start.getOrDefault(name, 0.0) : value;
            if (name.endsWith("-ns-total")) {
                text.append(String.format(Locale.ROOT, "%n  %-60s %,14.0f ms", name.replace("-ns-total", "-total"),
                        shown / 1e6));
            } else {
                text.append(String.format(Locale.ROOT, "%n  %-60s %,14.2f", name, shown));
            }
        });
        out("%s", text);
    }

    // ---------------------------------------------------------------------------------------------
    // Clients and set-up

    /** Counts the records of some partitions until a target, keeping a timeline per second. */
    private static final class Counter implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String rejectedTopic;
        private final long target;
        private final long timelineOrigin;
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private final Map<Long, Long> perSecond = new TreeMap<>();
        private volatile long firstMillis;
        private volatile long doneMillis;
        private volatile boolean stop;
        private volatile Throwable failure;

        Counter(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps, String rejectedTopic, long target,
                long timelineOrigin) {
            this.consumer = consumer;
            this.rejectedTopic = rejectedTopic;
            this.target = target;
            this.timelineOrigin = timelineOrigin;
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            for (TopicPartition tp : tps) {
                consumer.position(tp, Duration.ofSeconds(30));
            }
        }

        void seek(Map<TopicPartition, Long> offsets) {
            offsets.forEach(consumer::seek);
        }

        @Override
        public void run() {
            try {
                long lastProgress = System.nanoTime();
                while (!stop && count.get() < target) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    if (records.isEmpty()) {
                        if (firstMillis != 0 && System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                            throw new IllegalStateException("no record for " + STALL_TIMEOUT + " after " + count.get()
                                    + " of " + target);
                        }
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    lastProgress = System.nanoTime();
                    if (firstMillis == 0) {
                        firstMillis = now;
                    }
                    if (rejectedTopic != null) {
                        rejected.addAndGet(countOf(records.records(rejectedTopic)));
                    }
                    if (timelineOrigin > 0) {
                        perSecond.merge(Math.floorDiv(now - timelineOrigin, 1000), (long) records.count(), Long::sum);
                    }
                    if (count.addAndGet(records.count()) >= target) {
                        doneMillis = now;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        private static long countOf(Iterable<?> records) {
            long n = 0;
            for (Object ignored : records) {
                n++;
            }
            return n;
        }

        void stop() {
            stop = true;
        }

        long count() {
            return count.get();
        }

        long rejected() {
            return rejected.get();
        }

        long firstMillis() {
            return firstMillis;
        }

        long doneMillis() {
            return doneMillis;
        }

        boolean failed() {
            return failure != null;
        }

        void throwIfFailed() {
            if (failure != null) {
                throw new IllegalStateException("counting failed after " + count.get() + " of " + target, failure);
            }
        }

        String timeline() {
            StringBuilder text = new StringBuilder();
            perSecond.forEach((second, n) -> text.append(String.format(Locale.ROOT, "%n  [%3d s, %3d s) %,9d",
                    second, second + 1, n)));
            return text.toString();
        }
    }

    private static Thread start(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void failIfStreamsFailed(AtomicReference<Throwable> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("a stream thread failed", failure.get());
        }
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private void createTopics(String bootstrap, RegistryTopics topics) throws Exception {
        // Every topic of RegistryTopics, with the settings TopicProvisioner gives them.
        Map<String, Map<String, String>> configs = Map.of(
                topics.events(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"),
                topics.states(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                topics.rejected(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                topics.reminders(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis())),
                topics.notifications(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        List<NewTopic> wanted = new ArrayList<>();
        configs.forEach((name, topicConfigs) -> wanted.add(new NewTopic(name, partitions, (short) 1).configs(topicConfigs)));
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(wanted).all().get(60, TimeUnit.SECONDS);
        }
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /** read_committed end offsets (the last stable offsets). */
    private static Map<TopicPartition, Long> endOffsets(String bootstrap, List<TopicPartition> tps) {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            tps.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + tps, e);
        }
    }
}
