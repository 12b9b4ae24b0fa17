package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.printJvm;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;
import static dev.numberregistry.benchmarks.harness.BenchProperties.doubleProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intListProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.longProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.optionalLongProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.stringProperty;
import static dev.numberregistry.benchmarks.harness.KafkaClients.bulkProducerConfig;
import static dev.numberregistry.benchmarks.harness.KafkaClients.positionAtStart;

import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchCluster;
import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.BulkSender;
import dev.numberregistry.benchmarks.harness.CpuSnapshot;
import dev.numberregistry.benchmarks.harness.EventRecords;
import dev.numberregistry.benchmarks.harness.Percentiles;
import dev.numberregistry.benchmarks.harness.RegistryUnderTest;
import dev.numberregistry.benchmarks.harness.ResultCounter;
import dev.numberregistry.benchmarks.harness.StreamsMetrics;
import dev.numberregistry.benchmarks.harness.WorkDirectory;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.ValidityLapsed;
import dev.numberregistry.streams.DeadlineIndex;
import dev.numberregistry.streams.DeadlineIndexProbe;
import dev.numberregistry.streams.DeadlineSweep;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.EventMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * {@code bench.index.repetitions} (20000). The broker, the registry, the clients and the figures
 * are the harness's ({@code dev.numberregistry.benchmarks.harness}).
 */
public final class DeadlineBenchmark {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);
    /** The counters' poll: the instant the last decision is seen is the end of (b). */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String APPLICATION_ID = "number-registry-deadline-bench";
    /** LifecycleEventProcessor.SWEEP_BATCH: due deadlines read from the index at a time. */
    private static final int SWEEP_BATCH = 500;

    private final int numbers;
    /** How many of the N deadlines fall due at T; the others a month later, pending throughout. */
    private final int dueAtT;
    private final RegistryUnderTest.Options options;
    private final DeadlineSweep sweep;
    private final int quietSeconds;
    private final double expectedLoadRate;
    private final Long dueInSeconds;

    private DeadlineBenchmark() {
        this.numbers = intProperty("bench.numbers", 1_000_000);
        this.dueAtT = Math.min(numbers, intProperty("bench.due", numbers));
        this.options = RegistryUnderTest.Options.fromProperties();
        DeadlineSweep defaults = DeadlineSweep.DEFAULT;
        this.sweep = new DeadlineSweep(
                Duration.ofMillis(longProperty("bench.sweepIntervalMs", defaults.interval().toMillis())),
                Duration.ofMillis(longProperty("bench.maxSweepMs", defaults.maxSweepTime().toMillis())),
                defaults.replayMargin(), defaults.idleAfter());
        this.quietSeconds = intProperty("bench.quietSeconds", 10);
        this.expectedLoadRate = doubleProperty("bench.expectedLoadRate", 15000);
        this.dueInSeconds = optionalLongProperty("bench.dueInSeconds");
    }

    public static void main(String[] args) {
        Bench.main(() -> {
            DeadlineBenchmark bench = new DeadlineBenchmark();
            if ("index".equals(stringProperty("bench.mode", "topology"))) {
                bench.runIndex();
            } else {
                bench.runTopology();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Mode topology

    private void runTopology() throws Exception {
        out("== Number registry deadline benchmark (topology) ==");
        printJvm();
        out("Parameters: N=%,d numbers (%,d due at T, the others 30 days later), %s, sweep every %d ms working at"
                        + " most %d ms, quiet period %d s", numbers, dueAtT, options.describe(),
                sweep.interval().toMillis(), sweep.maxSweepTime().toMillis(), quietSeconds);
        long t = System.nanoTime();
        String[] e164s = BenchNumbers.generate(numbers);
        out("Generated %,d distinct valid numbers in %.1f s", numbers, seconds(System.nanoTime() - t));

        long dueIn = dueInSeconds != null ? dueInSeconds
                : (long) Math.ceil(numbers / expectedLoadRate) + quietSeconds + 20;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (BenchCluster cluster = BenchCluster.start("registry-deadline-bench-", options.partitions())) {
                Double overran = attempt(cluster, e164s, dueIn);
                if (overran == null) {
                    return;
                }
                long next = (long) Math.ceil(numbers / overran * 1.3) + quietSeconds + 20;
                out("Loading overran the deadline (load rate %,.0f events/s): trying again with T = start + %d s",
                        overran, next);
                dueIn = next;
            }
        }
        throw new IllegalStateException("loading overran the deadline three times");
    }

    /** One run; returns the measured load rate if loading did not end in time before T, else null. */
    private Double attempt(BenchCluster cluster, String[] e164s, long dueIn) throws Exception {
        RegistryTopics topics = RegistryTopics.DEFAULT;
        // The windows of the sweep's metrics (avg and max over 2 samples): the quiet period.
        Map<String, Object> metricsWindows = Map.of(
                StreamsConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, Math.max(1000, quietSeconds * 1000L / 2),
                StreamsConfig.METRICS_NUM_SAMPLES_CONFIG, 2);
        // No reminders: only the validity ends come due at T.
        PolicyBook policies = new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true,
                List.of()), List.of());
        try (RegistryUnderTest registry = RegistryUnderTest.start(cluster, APPLICATION_ID, options, metricsWindows,
                policies, sweep)) {
            Instant loadStart = Instant.now();
            Instant due = loadStart.plusSeconds(dueIn).truncatedTo(ChronoUnit.SECONDS);
            out("");
            out("-- Loading %,d NumberAssigned (PREPAID; validUntil = T = %s, start + %d s, for %,d of them) --",
                    numbers, due, dueIn, dueAtT);

            // Loading: N state updates on number-state (plus any rejection) mark every event applied.
            KafkaConsumer<byte[], byte[]> appliedReader = cluster.committedReader(5_000);
            positionAtStart(appliedReader, cluster.partitionsOf(topics.states(), topics.rejected()));
            ResultCounter applied = new ResultCounter(appliedReader, numbers, topics.rejected()).pollTimeout(POLL)
                    .stallTimeout(STALL_TIMEOUT).closeConsumerWhenDone();
            Thread appliedThread = applied.start("bench-applied-counter");
            long produceStart = System.nanoTime();
            produce(cluster.bootstrap(), topics.events(), e164s, loadStart, due);
            long produced = System.nanoTime();
            Instant mustEndBy = due.minusSeconds(quietSeconds + 1);
            while (applied.count() < numbers && Instant.now().isBefore(mustEndBy) && registry.failure() == null) {
                Thread.sleep(100);
            }
            registry.failIfFailed();
            long loaded = System.nanoTime();
            double loadRate = applied.count() / seconds(loaded - produceStart);
            applied.stop();
            appliedThread.join(5_000);
            if (applied.count() < numbers) {
                out("only %,d of %,d applied %.1f s before T", applied.count(), numbers, (double) quietSeconds + 1);
                return loadRate;
            }
            if (applied.rejected() > 0) {
                throw new IllegalStateException(applied.rejected() + " events rejected while loading");
            }
            out("Loaded: %,d applied in %.1f s (%,.0f events/s; producer done after %.1f s); T is in %.1f s",
                    numbers, seconds(loaded - produceStart), loadRate, seconds(produced - produceStart),
                    Duration.between(Instant.now(), due).toMillis() / 1e3);

            // The decisions will be the only records written to number-events from now on.
            Map<TopicPartition, Long> decisionsFrom = cluster.endOffsets(cluster.partitionsOf(topics.events()));

            // (a) Sweeps with nothing due, N pending: the metrics' windows cover the quiet period.
            sleepUntil(due.minusMillis(300));
            Map<String, Double> before = sweepMetrics(registry.streams());
            out("");
            out("-- (a) sweeps with nothing due, %,d deadlines pending, over the last ~%d s before T --", numbers,
                    quietSeconds);
            printSweepMetrics(before);

            // (b) From T until N decisions are in the log (committed).
            KafkaConsumer<byte[], byte[]> decisionReader = cluster.committedReader(5_000);
            positionAtStart(decisionReader, new ArrayList<>(decisionsFrom.keySet()));
            decisionsFrom.forEach(decisionReader::seek);
            ResultCounter decisions = new ResultCounter(decisionReader, dueAtT, null).pollTimeout(POLL)
                    .stallTimeout(STALL_TIMEOUT).timelineFrom(due.toEpochMilli()).closeConsumerWhenDone();
            Map<String, Double> threadBefore = threadMetrics(registry.streams());
            sleepUntil(due);
            jdk.jfr.Recording recording = startRecording();
            CpuSnapshot cpuAtT = CpuSnapshot.take();
            Thread decisionsThread = decisions.start("bench-decision-counter");
            while (!decisions.done() && !decisions.failed() && registry.failure() == null) {
                Thread.sleep(50);
            }
            CpuSnapshot cpuAtDone = CpuSnapshot.take();
            stopRecording(recording);
            registry.failIfFailed();
            decisions.throwIfFailed("decisions");
            long elapsedMillis = decisions.doneMillis() - due.toEpochMilli();
            out("");
            out("-- (b) %,d deadlines due at T (%,d pending in all): decisions in the log --", dueAtT, numbers);
            out("first decision visible %d ms after T; all %,d after %.2f s = %,.0f decisions/s",
                    decisions.firstMillis() - due.toEpochMilli(), dueAtT, elapsedMillis / 1e3,
                    dueAtT / (elapsedMillis / 1e3));
            out("committed decisions seen per second after T: %s", decisions.timeline());
            out("%s", cpuAtDone.describeSince(cpuAtT, elapsedMillis / 1e3));
            out("CPU by thread group from T:%s", cpuAtDone.cpuTable(cpuAtT, APPLICATION_ID, dueAtT, "decision"));
            StreamsMetrics.printDeltas("Streams metrics from T to the last decision (totals as deltas, others at the"
                    + " end):", threadBefore, threadMetrics(registry.streams()));
            out("Bar (b) under 60 s: %s", elapsedMillis < 60_000 ? "MET" : "NOT MET");

            // The registry re-reads its own decisions from the log (logged copies): wait for it.
            long caughtUp = awaitCaughtUp(cluster, registry, topics.events());
            out("the registry had re-read its %,d logged decisions %.1f s after T", dueAtT,
                    (caughtUp - due.toEpochMilli()) / 1e3);

            // (a) again, after the flood: N grace ends pending, N entries just removed.
            Thread.sleep(quietSeconds * 1000L + 500);
            out("");
            out("-- (a') sweeps with nothing due after the flood (%,d deadlines pending, %,d index entries just"
                    + " deleted), over ~%d s --", numbers, dueAtT, quietSeconds);
            printSweepMetrics(sweepMetrics(registry.streams()));

            verify(cluster, topics, decisionsFrom);
            decisionsThread.join(5_000);
            return null;
        }
    }

    /** With {@code -Dbench.jfr=<file>}: a JFR recording (settings "profile") of the flood, from T to the last decision. */
    private static jdk.jfr.Recording startRecording() throws Exception {
        String file = stringProperty("bench.jfr", "");
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
        try (BulkSender sender = new BulkSender(bulkProducerConfig(bootstrap))) {
            Instant later = validUntil.plus(Duration.ofDays(30));
            for (int i = 0; i < e164s.length; i++) {
                PhoneNumber number = PhoneNumber.parse(e164s[i]);
                // Spread over the partitions: every tenth, ninth... number is due at T, not the first ones.
                boolean dueAtStart = (long) i * dueAtT / numbers != (long) (i + 1) * dueAtT / numbers;
                sender.send(topic, new NumberEvent("deadline-bench-" + i, number, occurredAt, occurredAt, "billing",
                        new EventPayload.NumberAssigned("sub-" + i, PlanType.PREPAID,
                                dueAtStart ? validUntil : later)));
            }
            sender.flush();
        }
    }

    /** Every record after the positions must be a ValidityLapsed decided by the registry, each once. */
    private void verify(BenchCluster cluster, RegistryTopics topics, Map<TopicPartition, Long> from) {
        Set<String> ids = new HashSet<>(dueAtT * 2);
        Map<String, Long> wrong = new TreeMap<>();
        long records = cluster.readToEnd(new ArrayList<>(from.keySet()), from, record -> {
            dev.numberregistry.schema.NumberEvent event = EventRecords.decode(record.value());
            if (!(event.getPayload() instanceof ValidityLapsed) || !"registry".equals(event.getSource())) {
                wrong.merge(EventMapping.typeOf(event) + " from " + event.getSource(), 1L, Long::sum);
            }
            ids.add(event.getEventId());
        });
        long rejected = cluster.countAll(cluster.partitionsOf(topics.rejected()));
        long reminders = cluster.countAll(cluster.partitionsOf(topics.reminders()));
        out("");
        out("Verified: %,d records on %s after loading, %,d distinct event ids, other than ValidityLapsed from"
                        + " registry: %s; rejections: %,d; reminders: %,d", records, topics.events(), ids.size(), wrong,
                rejected, reminders);
        if (records != dueAtT || ids.size() != dueAtT || !wrong.isEmpty() || rejected != 0 || reminders != 0) {
            throw new IllegalStateException("expected exactly " + dueAtT
                    + " ValidityLapsed decisions, each once, and nothing rejected or reminded");
        }
    }

    /** Waits until the registry's committed offsets on the event log reach its end; returns when. */
    private long awaitCaughtUp(BenchCluster cluster, RegistryUnderTest registry, String topic) throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        try (Admin admin = cluster.admin()) {
            while (System.currentTimeMillis() < deadline) {
                registry.failIfFailed();
                Map<TopicPartition, Long> ends = cluster.endOffsets(cluster.partitionsOf(topic));
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

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mode index

    private void runIndex() throws Exception {
        out("== Number registry deadline benchmark (index alone) ==");
        printJvm();
        int flood = intProperty("bench.index.flood", 1_000_000);
        int repetitions = intProperty("bench.index.repetitions", 20_000);
        List<Integer> sizes = intListProperty("bench.index.sizes", "1000000,10000000");
        out("Parameters: sizes=%s, flood=%,d, repetitions=%,d, batch=%d", sizes, flood, repetitions, SWEEP_BATCH);
        for (int size : sizes) {
            try (WorkDirectory dir = WorkDirectory.create("registry-index-bench-")) {
                indexRun(size, flood, repetitions, dir.path());
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
            List<DeadlineIndex.Entry> due;
            do {
                due = index.due(sweepNow, SWEEP_BATCH);
                for (DeadlineIndex.Entry entry : due) {
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
        Percentiles calls = Percentiles.of(nanos);
        return String.format(Locale.ROOT, "avg %.1f us, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%,d calls)",
                calls.average() / 1e3, calls.atIndex(0.5) / 1e3, calls.atIndex(0.99) / 1e3,
                calls.atIndex(0.999) / 1e3, calls.max() / 1e3, repetitions);
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
        return StreamsMetrics.select(streams, name ->
                name.name().startsWith("deadline-sweep-micros") || name.name().startsWith("deadlines-swept")
                        ? name.tags().getOrDefault("registry-id", name.tags().toString()) : null);
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
        return StreamsMetrics.select(streams, name -> name.name().equals("deadlines-swept-total")
                ? "task " + name.tags().get("registry-id")
                : StreamsMetrics.threadOrProducerRole(name, THREAD_METRICS, PRODUCER_METRICS));
    }
}
