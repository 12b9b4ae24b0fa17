package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.BenchSupport.bulkProducerConfig;
import static dev.numberregistry.benchmarks.BenchSupport.committedReader;
import static dev.numberregistry.benchmarks.BenchSupport.deleteRecursively;
import static dev.numberregistry.benchmarks.BenchSupport.longProperty;
import static dev.numberregistry.benchmarks.BenchSupport.out;
import static dev.numberregistry.benchmarks.BenchSupport.printJvm;
import static dev.numberregistry.benchmarks.BenchSupport.seconds;

import dev.numberregistry.benchmarks.BenchSupport.CpuSnapshot;
import dev.numberregistry.api.config.DeadlineSettings;
import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.config.PolicySettings;
import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.EmbeddedKafkaBroker;
import dev.numberregistry.api.kafka.KafkaStreamsFactory;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.policy.PolicyRule;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.AdminLogPositions;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.RegistryTopology;
import dev.numberregistry.streams.codec.StateMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * End-to-end throughput of the registry on the embedded broker, next to the raw throughput of the
 * same broker for the same records. Not a JUnit test: run it with
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
 * the results).
 */
public final class ThroughputBenchmark {

    private static final String RAW_TOPIC = "raw-pipe";
    private static final String APPLICATION_ID = "number-registry-bench";
    /** Give up when no result has arrived for this long: a stuck topology must not hang the run. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final int events;
    private final int warmup;
    private final int numbers;
    private final int partitions;
    private final int threads;
    private final Long commitIntervalMs;
    private final long seed;
    private final Duration timeout;
    private final int verifySample;
    private final Duration quietWait;
    private final Map<String, String> streamsOverrides;

    private ThroughputBenchmark() {
        // Unset or blank: the application's own default (KafkaSettings, StreamsSettings).
        this.events = (int) longProperty("bench.events", 1_000_000);
        this.warmup = (int) longProperty("bench.warmup", events / 5);
        this.numbers = (int) longProperty("bench.numbers", Math.max(1, (events + warmup) / 5));
        this.partitions = (int) longProperty("bench.partitions", new KafkaSettings().getPartitions());
        this.threads = (int) longProperty("bench.threads", new StreamsSettings().getThreads());
        String commit = System.getProperty("bench.commitIntervalMs", "");
        this.commitIntervalMs = commit.isBlank() ? null : Long.parseLong(commit.strip());
        this.seed = longProperty("bench.seed", 20260101L);
        this.timeout = Duration.ofSeconds(longProperty("bench.timeoutSeconds", 900));
        this.verifySample = (int) longProperty("bench.verifySample", 2_000);
        this.quietWait = Duration.ofSeconds(longProperty("bench.quietWaitSeconds", 0));
        Map<String, String> overrides = new java.util.TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.streams."))
                .forEach(name -> overrides.put(name.substring("bench.streams.".length()), System.getProperty(name)));
        this.streamsOverrides = overrides;
    }


    public static void main(String[] args) throws Exception {
        try {
            new ThroughputBenchmark().run();
        } catch (Throwable e) {
            System.out.println();
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        out("== Number registry throughput benchmark ==");
        printEnvironment();

        long generationStart = System.nanoTime();
        java.time.Instant businessStart = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        BenchmarkEvents log = BenchmarkEvents.generate(warmup + events, numbers, seed, applicationPolicies(),
                businessStart);
        out("Generated %,d events about %,d numbers (business time from %s on) in %.1f s: %s; value size avg %.0f"
                        + " bytes", log.size(), log.numbers, businessStart, seconds(System.nanoTime() - generationStart),
                log.eventTypeCounts, (double) log.valueBytes / log.size());

        Path dataDir = Files.createTempDirectory("registry-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrapServers();
            RegistryTopics topics = RegistryTopics.DEFAULT;
            createTopics(bootstrap, topics);

            Result raw = rawPipe(bootstrap, log);
            Result registry = registry(bootstrap, topics, log, dataDir.resolve("streams"));

            out("");
            out("== Results (N=%,d, partitions=%d, stream threads=%d) ==", events, partitions, threads);
            out("Phase A  raw pipe (produce + consume)     : %s", raw);
            out("Phase B  registry (EOS topology, end to end): %s", registry);
            out("CPU by thread group, phase A:%s", raw.cpuBreakdown());
            out("CPU by thread group, phase B:%s", registry.cpuBreakdown());
            out("Ratio B/A: %.2f", registry.eventsPerSecond() / raw.eventsPerSecond());
            out("Bars: registry >= 100,000 events/s: %s; ratio >= 0.5: %s",
                    registry.eventsPerSecond() >= 100_000 ? "MET" : "NOT MET",
                    registry.eventsPerSecond() / raw.eventsPerSecond() >= 0.5 ? "MET" : "NOT MET");
        } finally {
            deleteRecursively(dataDir);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Phase A: the broker alone

    private Result rawPipe(String bootstrap, BenchmarkEvents log) throws Exception {
        out("");
        out("-- Phase A: raw pipe, %,d + %,d (warm-up) records to '%s' and back --", events, warmup, RAW_TOPIC);
        List<TopicPartition> tps = partitionsOf(RAW_TOPIC);
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 2_000)) {
            positionAtStart(consumer, tps);
            pass("raw pipe warm-up", consumer, bootstrap, RAW_TOPIC, log, 0, warmup, null, () -> null);
            awaitQuietMachine("phase A");
            CpuSnapshot start = CpuSnapshot.take();
            Pass pass = pass("raw pipe", consumer, bootstrap, RAW_TOPIC, log, warmup, warmup + events, null,
                    () -> null);
            CpuSnapshot end = CpuSnapshot.take();
            out("consumed %,d records", pass.loop.count());
            return new Result(events, pass.elapsedNanos(), pass.producedNanos - pass.startNanos, start, end);
        }
    }

    /**
     * On a shared machine, waits (at most {@code bench.quietWaitSeconds}, default 0: not at all)
     * until other processes use less than 10% of the cores over 5 s, so that a timed phase does not
     * compete with someone else's build. Whether it succeeded is printed; the results also show how
     * much CPU other processes took during each phase.
     */
    private void awaitQuietMachine(String phase) throws InterruptedException {
        if (quietWait.isZero() || quietWait.isNegative()) {
            return;
        }
        long deadline = System.nanoTime() + quietWait.toNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        double others;
        do {
            CpuSnapshot before = CpuSnapshot.take();
            Thread.sleep(5_000);
            others = CpuSnapshot.take().othersSecondsSince(before) / (5.0 * cores);
            if (others < 0.10) {
                out("Machine quiet before %s (other processes: %.0f%% of the cores)", phase, 100 * Math.max(0, others));
                return;
            }
        } while (System.nanoTime() < deadline);
        out("WARNING: other processes still used %.0f%% of the cores after waiting %s before %s", 100 * others,
                quietWait, phase);
    }

    /** What one timed pass measured: from the first send to the last expected record consumed. */
    private record Pass(CountingLoop loop, long startNanos, long producedNanos) {
        long elapsedNanos() {
            return loop.doneNanos() - startNanos;
        }
    }

    /**
     * Sends records {@code from} to {@code to} of the log to {@code topic} while {@code consumer}
     * (already positioned) counts {@code to - from} records on another thread.
     */
    private Pass pass(String name, KafkaConsumer<byte[], byte[]> consumer, String bootstrap, String topic,
                      BenchmarkEvents log, int from, int to, String rejectedTopic,
                      java.util.function.Supplier<Throwable> failure) throws InterruptedException {
        CountingLoop loop = new CountingLoop(consumer, to - from, rejectedTopic);
        loop.stopWhen(failure);
        Thread reader = new Thread(loop, "bench-consumer");
        long t0 = System.nanoTime();
        reader.start();
        long produced = produceAll(bootstrap, topic, log, from, to);
        reader.join(timeout.toMillis());
        loop.failIfIncomplete(name);
        return new Pass(loop, t0, produced);
    }

    // ---------------------------------------------------------------------------------------------
    // Phase B: the registry

    private Result registry(String bootstrap, RegistryTopics topics, BenchmarkEvents log, Path stateDir)
            throws Exception {
        out("");
        out("-- Phase B: registry, %,d + %,d (warm-up) events to '%s', results from '%s' + '%s' --", events,
                warmup, topics.events(), topics.states(), topics.rejected());
        StreamsSettings settings = new StreamsSettings();
        settings.setApplicationId(APPLICATION_ID);
        settings.setStateDir(stateDir);
        settings.setThreads(threads);
        if (commitIntervalMs != null) {
            settings.setCommitInterval(Duration.ofMillis(commitIntervalMs));
        }
        Map<String, Object> common = new HashMap<>();
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Properties properties = KafkaStreamsFactory.streamsProperties(common, settings);
        properties.putAll(streamsOverrides);
        out("Streams properties: %s", new java.util.TreeMap<>(properties));

        AdminLogPositions positions = new AdminLogPositions(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
        // As KafkaStreamsFactory builds it, with the application's defaults (DeadlineSettings).
        KafkaStreams streams = new KafkaStreams(RegistryTopology.build(topics, new EventPlacement(partitions), positions, applicationPolicies(), serdes,
                new DeadlineSettings().toSweep()), properties);
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
            long startupStart = System.nanoTime();
            streams.start();
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the topology did not reach RUNNING in 120 s: " + streams.state());
            }
            out("Topology RUNNING after %.1f s", seconds(System.nanoTime() - startupStart));

            List<TopicPartition> results = new ArrayList<>(partitionsOf(topics.states()));
            List<TopicPartition> rejectedPartitions = partitionsOf(topics.rejected());
            results.addAll(rejectedPartitions);
            Result result;
            try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 2_000)) {
                positionAtStart(consumer, results);
                Pass warm = pass("registry warm-up", consumer, bootstrap, topics.events(), log, 0, warmup,
                        topics.rejected(), streamsFailure::get);
                failOnRejections(warm);
                awaitQuietMachine("phase B");
                Map<String, Double> metricsAtStart = streamsMetrics(streams);
                CpuSnapshot start = CpuSnapshot.take();
                Pass pass = pass("registry", consumer, bootstrap, topics.events(), log, warmup, warmup + events,
                        topics.rejected(), streamsFailure::get);
                CpuSnapshot end = CpuSnapshot.take();
                printMetrics(metricsAtStart, streamsMetrics(streams));
                result = new Result(events, pass.elapsedNanos(), pass.producedNanos - pass.startNanos, start, end);
                long rejected = pass.loop.rejected();
                out("results: %,d state updates (applied) + %,d rejections = %,d of %,d events",
                        pass.loop.count() - rejected, rejected, pass.loop.count(), events);
                failOnRejections(pass);
            }
            if (streamsFailure.get() != null) {
                throw new IllegalStateException("a stream thread failed", streamsFailure.get());
            }
            verifyExactlyOnce(bootstrap, topics, log);
            verifyStates(streams, log);
            return result;
        } finally {
            streams.close(Duration.ofSeconds(30));
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

    private static Map<String, Double> streamsMetrics(KafkaStreams streams) {
        Map<String, Double> values = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            String client = name.tags().getOrDefault("client-id", name.tags().getOrDefault("thread-id", ""));
            String role;
            if (name.group().equals("stream-thread-metrics") && THREAD_METRICS.contains(name.name())) {
                role = "thread " + name.tags().get("thread-id").replaceAll(".*-(StreamThread-\\d+)", "$1");
            } else if (name.group().equals("producer-metrics") && PRODUCER_METRICS.contains(name.name())) {
                role = "producer " + client.replaceAll(".*-(StreamThread-\\d+)-producer", "$1");
            } else if (name.group().equals("consumer-fetch-manager-metrics") && !name.tags().containsKey("topic")
                    && CONSUMER_METRICS.contains(name.name()) && client.endsWith("-consumer")
                    && !client.endsWith("restore-consumer")) {
                role = "consumer " + client.replaceAll(".*-(StreamThread-\\d+)-consumer", "$1");
            } else {
                return;
            }
            Object value = metric.metricValue();
            if (value instanceof Number number) {
                values.put(role + " " + name.name(), number.doubleValue());
            }
        });
        return values;
    }

    private static void printMetrics(Map<String, Double> start, Map<String, Double> end) {
        StringBuilder text = new StringBuilder("Streams metrics over the phase (totals as deltas, others at the end):");
        end.forEach((name, value) -> {
            boolean total = name.endsWith("-total");
            double shown = total ? value - start.getOrDefault(name, 0.0) : value;
            if (name.endsWith("-ns-total")) {
                text.append(String.format(Locale.ROOT, "%n  %-55s %,12.0f ms", name.replace("-ns-total", "-total"),
                        shown / 1e6));
            } else {
                text.append(String.format(Locale.ROOT, "%n  %-55s %,12.2f", name, shown));
            }
        });
        out("%s", text);
    }

    private static void failOnRejections(Pass pass) {
        if (pass.loop.rejected() > 0) {
            throw new IllegalStateException(pass.loop.rejected() + " of " + pass.loop.count()
                    + " realistic events were REJECTED; first rejection: " + pass.loop.firstRejection());
        }
    }

    /**
     * Reads both result topics again, from the start to their end (read_committed), outside the
     * timed window: exactly N state updates and no rejection, and for every number exactly one
     * update per event, in order (appliedEvents 1, 2, 3... up to its event count). A duplicate or a
     * lost update would show here even where the total happened to be right.
     */
    private void verifyExactlyOnce(String bootstrap, RegistryTopics topics, BenchmarkEvents log) {
        List<TopicPartition> tps = new ArrayList<>(partitionsOf(topics.states()));
        tps.addAll(partitionsOf(topics.rejected()));
        var states = RegistrySerdes.singleObjectAvro().states().deserializer();
        Map<String, Long> lastSequence = new HashMap<>(log.numbers * 2);
        long updates = 0;
        long rejections = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, 2_000)) {
            positionAtStart(consumer, tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the result topics to their end");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.rejected())) {
                        rejections++;
                        continue;
                    }
                    updates++;
                    String number = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    long sequence = states.deserialize(record.topic(), record.value()).getAppliedEvents();
                    long previous = lastSequence.getOrDefault(number, 0L);
                    if (sequence != previous + 1) {
                        throw new IllegalStateException("exactly-once broken for " + number + ": update with "
                                + "appliedEvents " + sequence + " after " + previous + " (" + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + ")");
                    }
                    lastSequence.put(number, sequence);
                }
            }
        }
        if (updates != log.size() || rejections != 0) {
            throw new IllegalStateException("the result topics hold " + updates + " state updates and " + rejections
                    + " rejections; expected exactly " + log.size() + " and 0");
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
    // Clients, identical in both phases

    /** Sends records {@code from} to {@code to}, then flushes; returns System.nanoTime() when the last was acknowledged. */
    private long produceAll(String bootstrap, String topic, BenchmarkEvents log, int from, int to) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, log.keys[i], log.values[i]), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            long done = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("producing to " + topic + " failed", failure.get());
            }
            return done;
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        return bulkProducerConfig(bootstrap, (int) longProperty("bench.producer.batchSize", 64 * 1024),
                (int) longProperty("bench.producer.lingerMs", 5));
    }

    private static void positionAtStart(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps) {
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        for (TopicPartition tp : tps) {
            consumer.position(tp, Duration.ofSeconds(30)); // resolves the position now, not in the timed loop
        }
    }

    /** Counts records until the expected number arrived, and remembers when. */
    private static final class CountingLoop implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final long expected;
        private final String rejectedTopic;
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private volatile long doneNanos;
        private volatile Throwable failure;
        private volatile byte[] firstRejection;
        private java.util.function.Supplier<Throwable> externalFailure = () -> null;

        CountingLoop(KafkaConsumer<byte[], byte[]> consumer, long expected, String rejectedTopic) {
            this.consumer = consumer;
            this.expected = expected;
            this.rejectedTopic = rejectedTopic;
        }

        void stopWhen(java.util.function.Supplier<Throwable> failure) {
            this.externalFailure = failure;
        }

        @Override
        public void run() {
            try {
                long lastProgress = System.nanoTime();
                while (count.get() < expected) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) {
                        if (externalFailure.get() != null) {
                            throw new IllegalStateException("the topology failed", externalFailure.get());
                        }
                        if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                            throw new IllegalStateException("no record for " + STALL_TIMEOUT + " after "
                                    + count.get() + " of " + expected);
                        }
                        continue;
                    }
                    lastProgress = System.nanoTime();
                    if (rejectedTopic != null) {
                        for (ConsumerRecord<byte[], byte[]> record : records.records(rejectedTopic)) {
                            if (rejected.getAndIncrement() == 0) {
                                firstRejection = record.value();
                            }
                        }
                    }
                    count.addAndGet(records.count());
                }
                doneNanos = System.nanoTime();
            } catch (Throwable e) {
                failure = e;
            }
        }

        long count() {
            return count.get();
        }

        long rejected() {
            return rejected.get();
        }

        long doneNanos() {
            return doneNanos;
        }

        String firstRejection() {
            if (firstRejection == null) {
                return "none";
            }
            RejectedEvent rejection = RegistrySerdes.singleObjectAvro().rejections().deserializer()
                    .deserialize(rejectedTopic, firstRejection);
            return rejection.getReasonCode() + ": " + rejection.getReason() + " (event " + rejection.getEventId()
                    + ", " + rejection.getEventType() + ", " + rejection.getNumber() + ")";
        }

        void failIfIncomplete(String phase) {
            if (failure != null) {
                throw new IllegalStateException(phase + ": consuming failed after " + count.get() + " records",
                        failure);
            }
            if (doneNanos == 0) {
                throw new IllegalStateException(phase + ": only " + count.get() + " of " + expected
                        + " records arrived within the time-out");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Set-up and reporting

    private void createTopics(String bootstrap, RegistryTopics topics) throws Exception {
        // Every topic of RegistryTopics (a sink topic that is missing would stall the topology, as
        // the broker creates none), with the settings TopicProvisioner gives the ones it knows.
        Map<String, Map<String, String>> configs = Map.of(
                topics.events(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"),
                topics.states(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                topics.rejected(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(RAW_TOPIC, partitions, (short) 1));
        for (java.lang.reflect.RecordComponent component : RegistryTopics.class.getRecordComponents()) {
            String name = (String) component.getAccessor().invoke(topics);
            wanted.add(new NewTopic(name, partitions, (short) 1).configs(configs.getOrDefault(name, Map.of())));
        }
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(wanted).all().get(60, TimeUnit.SECONDS);
        }
        out("Created topics %s with %d partitions each", wanted.stream().map(NewTopic::name).toList(), partitions);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
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

    private void printEnvironment() {
        printJvm();
        Map<String, Object> producer = producerConfig("unused:9092");
        out("Parameters: events N=%,d (after %,d warm-up events), numbers=%,d, partitions=%d, stream threads=%d, commit interval=%s, seed=%d,"
                        + " streams overrides=%s, producer batch.size=%s linger.ms=%s",
                events, warmup, numbers, partitions, threads,
                commitIntervalMs == null ? "application default (" + new StreamsSettings().getCommitInterval().toMillis()
                        + " ms)" : commitIntervalMs + " ms",
                seed, streamsOverrides, producer.get(ProducerConfig.BATCH_SIZE_CONFIG),
                producer.get(ProducerConfig.LINGER_MS_CONFIG));
    }

    private record Result(long records, long elapsedNanos, long produceNanos, CpuSnapshot start, CpuSnapshot end) {
        double eventsPerSecond() {
            return records / seconds(elapsedNanos);
        }

        @Override
        public String toString() {
            double wall = seconds(elapsedNanos);
            return String.format(Locale.ROOT, "%,.0f events/s (%,d in %.2f s; producer done after %.2f s; %s)",
                    eventsPerSecond(), records, wall, seconds(produceNanos), end.describeSince(start, wall));
        }

        String cpuBreakdown() {
            StringBuilder text = new StringBuilder();
            end.cpuByGroup(start, APPLICATION_ID).forEach((group, cpu) -> text.append(String.format(Locale.ROOT,
                    "%n      %-55s %7.1f s CPU = %6.1f us per event", group, cpu, cpu * 1e6 / records)));
            return text.toString();
        }
    }
}
