package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.printJvm;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.longProperty;
import static dev.numberregistry.benchmarks.harness.KafkaClients.bulkProducerConfig;
import static dev.numberregistry.benchmarks.harness.KafkaClients.positionAtStart;

import dev.numberregistry.api.config.DeadlineSettings;
import dev.numberregistry.api.config.PolicySettings;
import dev.numberregistry.api.kafka.KafkaStreamsFactory;
import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchCluster;
import dev.numberregistry.benchmarks.harness.BulkSender;
import dev.numberregistry.benchmarks.harness.CpuSnapshot;
import dev.numberregistry.benchmarks.harness.MinimalFold;
import dev.numberregistry.benchmarks.harness.RegistryUnderTest;
import dev.numberregistry.benchmarks.harness.ResultCounter;
import dev.numberregistry.benchmarks.harness.StreamsMetrics;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.policy.PolicyRule;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.StateMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * End-to-end throughput of the registry on the embedded broker, next to the raw throughput of the
 * same broker for the same records and to the framework's floor (a minimal Kafka Streams fold). Not a JUnit test: run it with
 * {@code mvn -o -q -pl benchmarks -am verify -DskipTests -Pthroughput-benchmark} (see BENCHMARKS.md).
 *
 * <p>One log of realistic, valid events ({@link BenchmarkEvents}) is generated and encoded with the
 * registry's own serde first; its first {@code bench.warmup} records warm each phase up (JIT, page
 * cache, connections) and are not timed, the next N are.
 * <ul>
 *   <li>Phase A, raw pipe: the records are produced to a plain topic with P partitions (same keys,
 *       so the same partitions) and consumed back by a consumer that was already positioned; the
 *       clock runs from the first send to the last record consumed.</li>
 *   <li>Phase B, registry: the same records are produced to number-events while the real topology
 *       runs, built as KafkaStreamsFactory builds it and with its Streams configuration
 *       ({@link KafkaStreamsFactory#streamsProperties}: exactly_once_v2, commit interval, threads);
 *       the clock runs from the first send until a read_committed consumer has seen N results:
 *       state updates on number-state plus rejections on number-events-rejected. Every generated
 *       event is valid, so any rejection fails the run. Afterwards, outside the clock, both topics
 *       are read again to check exactly one state update per event, in order, for every number,
 *       and a sample of the stored states is compared with what the generator expected.</li>
 *   <li>Phase C, minimal fold: the same records through {@link MinimalFold} (one store, get + put +
 *       forward, one output topic) with the same Streams configuration, counted as phase B's; the
 *       registry's ratio to it, and its stream threads' CPU per event beside the fold's, show the
 *       registry's own cost per event apart from the framework's.</li>
 * </ul>
 *
 * <p>Parameters are system properties: {@code bench.events} (N, default 1,000,000),
 * {@code bench.warmup} (default N/5), {@code bench.numbers} (distinct numbers, default a fifth of
 * all events), {@code bench.partitions} and {@code bench.threads} (default: the application's),
 * {@code bench.commitIntervalMs} (default: the application's), {@code bench.seed},
 * {@code bench.timeoutSeconds}, {@code bench.verifySample}, {@code bench.quietWaitSeconds} (wait
 * for other processes to leave the cores before each timed phase), {@code bench.producer.batchSize}
 * and {@code bench.producer.lingerMs} (the benchmark's own producer), and
 * {@code bench.streams.<name>} to pass any extra Streams property for an experiment (printed with
 * the results). The broker, the registry, the clients and the figures are the harness's
 * ({@code dev.numberregistry.benchmarks.harness}).
 */
public final class ThroughputBenchmark {

    private static final String RAW_TOPIC = "raw-pipe";
    private static final String FLOOR_INPUT = "floor-events";
    private static final String FLOOR_OUTPUT = "floor-states";
    private static final String APPLICATION_ID = "number-registry-bench";
    private static final String FLOOR_APPLICATION_ID = "minimal-fold-bench";
    private static final List<String> STREAMS_GROUPS = List.of("Kafka Streams stream threads",
            "Kafka Streams producers' I/O threads");
    /** Give up when no result has arrived for this long: a stuck topology must not hang the run. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final int events;
    private final int warmup;
    private final int numbers;
    /** Unset or blank: the application's own defaults (KafkaSettings, StreamsSettings). */
    private final RegistryUnderTest.Options options;
    private final long seed;
    private final Duration timeout;
    private final int verifySample;
    private final Duration quietWait;
    private final int producerBatchSize;
    private final int producerLingerMs;

    private ThroughputBenchmark() {
        this.events = intProperty("bench.events", 1_000_000);
        this.warmup = intProperty("bench.warmup", events / 5);
        this.numbers = intProperty("bench.numbers", Math.max(1, (events + warmup) / 5));
        this.options = RegistryUnderTest.Options.fromProperties();
        this.seed = longProperty("bench.seed", 20260101L);
        this.timeout = Duration.ofSeconds(longProperty("bench.timeoutSeconds", 900));
        this.verifySample = intProperty("bench.verifySample", 2_000);
        this.quietWait = Duration.ofSeconds(longProperty("bench.quietWaitSeconds", 0));
        this.producerBatchSize = intProperty("bench.producer.batchSize", 64 * 1024);
        this.producerLingerMs = intProperty("bench.producer.lingerMs", 5);
    }

    public static void main(String[] args) {
        Bench.main(() -> new ThroughputBenchmark().run());
    }

    private void run() throws Exception {
        out("== Number registry throughput benchmark ==");
        printJvm();
        out("Parameters: events N=%,d (after %,d warm-up events), numbers=%,d, %s, seed=%d, producer batch.size=%d"
                + " linger.ms=%d", events, warmup, numbers, options.describe(), seed, producerBatchSize,
                producerLingerMs);

        long generationStart = System.nanoTime();
        Instant businessStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BenchmarkEvents log = BenchmarkEvents.generate(warmup + events, numbers, seed, applicationPolicies(),
                businessStart);
        out("Generated %,d events about %,d numbers (business time from %s on) in %.1f s: %s; value size avg %.0f"
                        + " bytes", log.size(), log.numbers, businessStart, seconds(System.nanoTime() - generationStart),
                log.eventTypeCounts, (double) log.valueBytes / log.size());

        try (BenchCluster cluster = BenchCluster.start("registry-bench-", options.partitions(), RAW_TOPIC,
                FLOOR_INPUT, FLOOR_OUTPUT)) {
            Result raw = rawPipe(cluster, log);
            Result registry = registry(cluster, log);
            Result floor = minimalFold(cluster, log);

            out("");
            out("== Results (N=%,d, partitions=%d, stream threads=%d) ==", events, options.partitions(),
                    options.threads());
            out("Phase A  raw pipe (produce + consume)     : %s", raw);
            out("Phase B  registry (EOS topology, end to end): %s", registry);
            out("Phase C  minimal fold (EOS, one store)    : %s", floor);
            out("CPU by thread group, phase A:%s", raw.cpuBreakdown());
            out("CPU by thread group, phase B:%s", registry.cpuBreakdown());
            out("CPU by thread group, phase C:%s", floor.cpuBreakdown());
            out("Ratio B/A (registry / raw pipe): %.2f", registry.eventsPerSecond() / raw.eventsPerSecond());
            double streamsCpuB = registry.streamsCpuMicrosPerEvent();
            double streamsCpuC = floor.streamsCpuMicrosPerEvent();
            out("Ratio B/C (registry / minimal fold): %.2f; Streams threads' CPU per event: registry %.1f µs, minimal"
                    + " fold %.1f µs, the registry's own work %.1f µs = %.0f%% of the fold's", registry.eventsPerSecond()
                    / floor.eventsPerSecond(), streamsCpuB, streamsCpuC, streamsCpuB - streamsCpuC,
                    100 * (streamsCpuB - streamsCpuC) / streamsCpuC);
            out("Bars (issue 13): registry >= 0.8 of the minimal fold: %s; >= 32,500 events/s (2.5 times the 13,000 of"
                    + " before): %s; <= 2.5 records produced per event: %s",
                    met(registry.eventsPerSecond() / floor.eventsPerSecond() >= 0.8),
                    met(registry.eventsPerSecond() >= 32_500), met(registry.producedPerEvent() <= 2.5));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Phase A: the broker alone

    private Result rawPipe(BenchCluster cluster, BenchmarkEvents log) throws Exception {
        out("");
        out("-- Phase A: raw pipe, %,d + %,d (warm-up) records to '%s' and back --", events, warmup, RAW_TOPIC);
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.committedReader(2_000)) {
            positionAtStart(consumer, cluster.partitionsOf(RAW_TOPIC));
            pass("raw pipe warm-up", consumer, cluster, RAW_TOPIC, log, 0, warmup, null, () -> null);
            CpuSnapshot.awaitQuietMachine(quietWait, "phase A");
            CpuSnapshot start = CpuSnapshot.take();
            Pass pass = pass("raw pipe", consumer, cluster, RAW_TOPIC, log, warmup, warmup + events, null,
                    () -> null);
            CpuSnapshot end = CpuSnapshot.take();
            out("consumed %,d records", pass.counter.count());
            return new Result(APPLICATION_ID, events, pass.elapsedNanos(), pass.producedNanos - pass.startNanos,
                    start, end, Double.NaN);
        }
    }

    /** What one timed pass measured: from the first send to the last expected record consumed. */
    private record Pass(ResultCounter counter, long startNanos, long producedNanos) {
        long elapsedNanos() {
            return counter.doneNanos() - startNanos;
        }
    }

    /**
     * Sends records {@code from} to {@code to} of the log to {@code topic} while {@code consumer}
     * (already positioned) counts {@code to - from} records on another thread.
     */
    private Pass pass(String name, KafkaConsumer<byte[], byte[]> consumer, BenchCluster cluster, String topic,
                      BenchmarkEvents log, int from, int to, String rejectedTopic, Supplier<Throwable> failure)
            throws InterruptedException {
        ResultCounter counter = new ResultCounter(consumer, to - from, rejectedTopic).stallTimeout(STALL_TIMEOUT)
                .failWhen(failure);
        long t0 = System.nanoTime();
        Thread reader = counter.start("bench-consumer");
        long produced = produceAll(cluster.bootstrap(), topic, log, from, to);
        reader.join(timeout.toMillis());
        counter.failIfIncomplete(name);
        return new Pass(counter, t0, produced);
    }

    // ---------------------------------------------------------------------------------------------
    // Phase C: the framework's floor

    private Result minimalFold(BenchCluster cluster, BenchmarkEvents log) throws Exception {
        out("");
        out("-- Phase C: minimal fold, %,d + %,d (warm-up) records to '%s', results from '%s' --", events, warmup,
                FLOOR_INPUT, FLOOR_OUTPUT);
        try (RegistryUnderTest floor = RegistryUnderTest.startMinimalFold(cluster, FLOOR_APPLICATION_ID, options,
                FLOOR_INPUT, FLOOR_OUTPUT);
             KafkaConsumer<byte[], byte[]> consumer = cluster.committedReader(2_000)) {
            positionAtStart(consumer, cluster.partitionsOf(FLOOR_OUTPUT));
            pass("minimal fold warm-up", consumer, cluster, FLOOR_INPUT, log, 0, warmup, null, floor::failure);
            CpuSnapshot.awaitQuietMachine(quietWait, "phase C");
            Map<String, Double> metricsAtStart = streamsMetrics(floor.streams());
            CpuSnapshot start = CpuSnapshot.take();
            Pass pass = pass("minimal fold", consumer, cluster, FLOOR_INPUT, log, warmup, warmup + events, null,
                    floor::failure);
            CpuSnapshot end = CpuSnapshot.take();
            floor.failIfFailed();
            return new Result(FLOOR_APPLICATION_ID, events, pass.elapsedNanos(),
                    pass.producedNanos - pass.startNanos, start, end,
                    producedPerEvent(metricsAtStart, streamsMetrics(floor.streams())));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Phase B: the registry

    private Result registry(BenchCluster cluster, BenchmarkEvents log) throws Exception {
        RegistryTopics topics = RegistryTopics.DEFAULT;
        out("");
        out("-- Phase B: registry, %,d + %,d (warm-up) events to '%s', results from '%s' + '%s' --", events,
                warmup, topics.events(), topics.states(), topics.rejected());
        // As KafkaStreamsFactory builds it, with the application's defaults (DeadlineSettings).
        try (RegistryUnderTest registry = RegistryUnderTest.start(cluster, APPLICATION_ID, options, Map.of(),
                applicationPolicies(), new DeadlineSettings().toSweep())) {
            Result result;
            try (KafkaConsumer<byte[], byte[]> consumer = cluster.committedReader(2_000)) {
                positionAtStart(consumer, cluster.partitionsOf(topics.states(), topics.rejected()));
                Pass warm = pass("registry warm-up", consumer, cluster, topics.events(), log, 0, warmup,
                        topics.rejected(), registry::failure);
                failOnRejections(warm);
                CpuSnapshot.awaitQuietMachine(quietWait, "phase B");
                Map<String, Double> metricsAtStart = streamsMetrics(registry.streams());
                CpuSnapshot start = CpuSnapshot.take();
                Pass pass = pass("registry", consumer, cluster, topics.events(), log, warmup, warmup + events,
                        topics.rejected(), registry::failure);
                CpuSnapshot end = CpuSnapshot.take();
                Map<String, Double> metricsAtEnd = streamsMetrics(registry.streams());
                StreamsMetrics.printDeltas("Streams metrics over the phase (totals as deltas, others at the end):",
                        metricsAtStart, metricsAtEnd);
                result = new Result(APPLICATION_ID, events, pass.elapsedNanos(),
                        pass.producedNanos - pass.startNanos, start, end,
                        producedPerEvent(metricsAtStart, metricsAtEnd));
                long rejected = pass.counter.rejected();
                out("results: %,d state updates (applied) + %,d rejections = %,d of %,d events",
                        pass.counter.count() - rejected, rejected, pass.counter.count(), events);
                failOnRejections(pass);
            }
            registry.failIfFailed();
            verifyExactlyOnce(cluster, topics, log);
            verifyStates(registry.streams(), log);
            return result;
        }
    }

    /** Where the stream thread's time went, and how its clients batched: the evidence for tuning. */
    private static final List<String> THREAD_METRICS = List.of("process-ratio", "poll-ratio", "commit-ratio",
            "punctuate-ratio", "blocked-time-ns-total", "commit-total", "commit-latency-avg", "commit-latency-max",
            "process-records-avg", "poll-records-avg", "process-latency-avg", "poll-latency-avg");
    private static final List<String> PRODUCER_METRICS = List.of("flush-time-ns-total", "txn-begin-time-ns-total",
            "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total", "record-send-total", "batch-size-avg",
            "records-per-request-avg", "request-latency-avg", "bufferpool-wait-time-ns-total", "request-total");
    private static final List<String> CONSUMER_METRICS = List.of("fetch-latency-avg", "records-per-request-avg",
            "fetch-size-avg", "fetch-total");

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    /** Records the stream threads' producers sent (changelogs and output topics) per timed event. */
    private double producedPerEvent(Map<String, Double> start, Map<String, Double> end) {
        double sent = end.entrySet().stream().filter(metric -> metric.getKey().endsWith(" record-send-total"))
                .mapToDouble(metric -> metric.getValue() - start.getOrDefault(metric.getKey(), 0.0)).sum();
        return sent / events;
    }

    private static Map<String, Double> streamsMetrics(KafkaStreams streams) {
        return StreamsMetrics.select(streams, name -> {
            String role = StreamsMetrics.threadOrProducerRole(name, THREAD_METRICS, PRODUCER_METRICS);
            String client = name.tags().getOrDefault("client-id", name.tags().getOrDefault("thread-id", ""));
            if (role != null) {
                return role;
            } else if (name.group().equals("consumer-fetch-manager-metrics") && !name.tags().containsKey("topic")
                    && CONSUMER_METRICS.contains(name.name()) && client.endsWith("-consumer")
                    && !client.endsWith("restore-consumer")) {
                return "consumer " + client.replaceAll(".*-(StreamThread-\\d+)-consumer", "$1");
            }
            return null;
        });
    }

    private static void failOnRejections(Pass pass) {
        if (pass.counter.rejected() > 0) {
            RejectedEvent rejection = RegistrySerdes.singleObjectAvro().rejections().deserializer()
                    .deserialize(RegistryTopics.DEFAULT.rejected(), pass.counter.firstRejection());
            throw new IllegalStateException(pass.counter.rejected() + " of " + pass.counter.count()
                    + " realistic events were REJECTED; first rejection: " + rejection.getReasonCode() + ": "
                    + rejection.getReason() + " (event " + rejection.getEventId() + ", " + rejection.getEventType()
                    + ", " + rejection.getNumber() + ")");
        }
    }

    /**
     * Reads both result topics again, from the start to their end (read_committed), outside the
     * timed window: exactly N state updates and no rejection, and for every number exactly one
     * update per event, in order (appliedEvents 1, 2, 3... up to its event count). A duplicate or a
     * lost update would show here even where the total happened to be right.
     */
    private void verifyExactlyOnce(BenchCluster cluster, RegistryTopics topics, BenchmarkEvents log) {
        var states = RegistrySerdes.singleObjectAvro().states().deserializer();
        Map<String, Long> lastSequence = new HashMap<>(log.numbers * 2);
        long[] rejections = {0};
        long records = cluster.readToEnd(cluster.partitionsOf(topics.states(), topics.rejected()), Map.of(), record -> {
            if (record.topic().equals(topics.rejected())) {
                rejections[0]++;
                return;
            }
            String number = new String(record.key(), StandardCharsets.UTF_8);
            long sequence = states.deserialize(record.topic(), record.value()).getAppliedEvents();
            long previous = lastSequence.getOrDefault(number, 0L);
            if (sequence != previous + 1) {
                throw new IllegalStateException("exactly-once broken for " + number + ": update with "
                        + "appliedEvents " + sequence + " after " + previous + " (" + record.topic() + "-"
                        + record.partition() + "@" + record.offset() + ")");
            }
            lastSequence.put(number, sequence);
        });
        long updates = records - rejections[0];
        if (updates != log.size() || rejections[0] != 0) {
            throw new IllegalStateException("the result topics hold " + updates + " state updates and "
                    + rejections[0] + " rejections; expected exactly " + log.size() + " and 0");
        }
        log.expectedStates.forEach((number, state) -> {
            if (lastSequence.getOrDefault(number, 0L) != state.appliedEvents()) {
                throw new IllegalStateException(number + " has " + lastSequence.getOrDefault(number, 0L)
                        + " updates on the state topic; expected " + state.appliedEvents());
            }
        });
        out("verified: the topics hold exactly %,d state updates (one per event, in order, for each of the %,d "
                + "numbers) and no rejection", updates, lastSequence.size());
    }

    /** Compares a sample of the numbers' stored states with the states the generator expected. */
    private void verifyStates(KafkaStreams streams, BenchmarkEvents log) {
        ReadOnlyKeyValueStore<String, dev.numberregistry.schema.NumberState> store = streams.store(
                StoreQueryParameters.fromNameAndType(RegistryStores.NUMBER_STATE, QueryableStoreTypes.keyValueStore()));
        List<String> all = new ArrayList<>(log.expectedStates.keySet());
        all.sort(Comparator.naturalOrder());
        Random random = new Random(seed);
        int sample = Math.min(verifySample, all.size());
        for (int i = 0; i < sample; i++) {
            String number = all.get(random.nextInt(all.size()));
            NumberState expected = log.expectedStates.get(number);
            dev.numberregistry.schema.NumberState stored = store.get(number);
            if (stored == null) {
                throw new IllegalStateException("no state stored for " + number);
            }
            NumberState actual = StateMapping.toDomain(stored);
            if (!actual.equals(expected)) {
                throw new IllegalStateException("state of " + number + " differs:\n expected " + expected
                        + "\n stored   " + actual);
            }
        }
        out("verified: the stored state of %,d sampled numbers equals the state the generator expected", sample);
    }

    // ---------------------------------------------------------------------------------------------
    // Set-up and reporting

    /** Sends records {@code from} to {@code to}, then flushes; returns System.nanoTime() when the last was acknowledged. */
    private long produceAll(String bootstrap, String topic, BenchmarkEvents log, int from, int to) {
        try (BulkSender sender = new BulkSender(bulkProducerConfig(bootstrap, producerBatchSize, producerLingerMs))) {
            for (int i = from; i < to; i++) {
                sender.send(topic, log.keys[i], log.values[i]);
            }
            return sender.flush();
        }
    }

    /** The policies of the shipped application.yml: its default policy, and its +1, +91 and +61 rules. */
    private static PolicyBook applicationPolicies() {
        LifecyclePolicy defaults = new PolicySettings().toPolicy();
        return new PolicyBook(defaults, List.of(
                new PolicyRule("+1", null, new LifecyclePolicy(defaults.gracePeriod(), Duration.ofDays(45),
                        defaults.recycleOnGraceExpiry())),
                new PolicyRule("+91", null, new LifecyclePolicy(defaults.gracePeriod(), Duration.ofDays(90),
                        defaults.recycleOnGraceExpiry())),
                new PolicyRule("+61", null, new LifecyclePolicy(defaults.gracePeriod(), Duration.ofDays(180),
                        defaults.recycleOnGraceExpiry()))));
    }

    /**
     * One timed phase: {@code applicationId} names the Streams application whose threads are the
     * topology's in the CPU table; {@code producedPerEvent}: records the topology produced per
     * event (NaN for the raw pipe).
     */
    private record Result(String applicationId, long records, long elapsedNanos, long produceNanos,
                          CpuSnapshot start, CpuSnapshot end, double producedPerEvent) {
        double eventsPerSecond() {
            return records / seconds(elapsedNanos);
        }

        @Override
        public String toString() {
            double wall = seconds(elapsedNanos);
            return String.format(Locale.ROOT, "%,.0f events/s (%,d in %.2f s; producer done after %.2f s; %s%s)",
                    eventsPerSecond(), records, wall, seconds(produceNanos), end.describeSince(start, wall),
                    Double.isNaN(producedPerEvent) ? "" : String.format(Locale.ROOT,
                            "; %.2f records produced per event", producedPerEvent));
        }

        String cpuBreakdown() {
            return end.cpuTable(start, applicationId, records, "event");
        }

        /** CPU of the stream threads and their producers' I/O threads, per event. */
        double streamsCpuMicrosPerEvent() {
            Map<String, Double> groups = end.cpuByGroup(start, applicationId);
            return STREAMS_GROUPS.stream().mapToDouble(group -> groups.getOrDefault(group, 0.0)).sum() * 1e6 / records;
        }
    }
}
