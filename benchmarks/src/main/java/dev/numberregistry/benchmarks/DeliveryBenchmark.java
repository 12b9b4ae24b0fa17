package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intListProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.prefixedProperties;
import static dev.numberregistry.benchmarks.harness.BenchProperties.stringProperty;
import static dev.numberregistry.benchmarks.harness.KafkaClients.bulkProducerConfig;

import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.BulkSender;
import dev.numberregistry.benchmarks.harness.ConsumerGroupLag;
import dev.numberregistry.benchmarks.harness.Percentiles;
import dev.numberregistry.benchmarks.harness.RegistryProcess;
import dev.numberregistry.benchmarks.harness.WorkDirectory;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Push deliveries (issue 15): the time from a change of hands to the bank's sink receiving it, and
 * the deliveries a second, with S = 100 subscriptions whose watchlists hold 1,000,000 numbers.
 *
 * <p>The registry runs as a trial or a bank's integration test runs it: in a process of its own
 * ({@link RegistryProcess#embedded}) on its embedded broker, allowed to deliver to loopback sinks.
 * This JVM is the banks and the carrier: the banks' sinks ({@link TimingSink}, an HTTP server
 * answering 204), the banks' API calls ({@link SubscriptionsClient}) and the carrier's events,
 * written to {@code number-events} as its systems do.
 *
 * <p>Prepared, not timed as deliveries: S subscriptions ({@code bench.banks} banks, each with a
 * development token, share them), each for CANCELLED and RECYCLED changes, its sink signed with
 * HMAC; each with a watchlist of W numbers ({@code bench.watchlist}, 10,000), uploaded in pages of
 * {@code bench.pageSize} (10,000), whose rate is printed; then, for every number that will change
 * hands during the run, a postpaid NumberAssigned and a CancellationRequested (no notification), and
 * the registry caught up on both (its Streams group has committed every record).
 *
 * <p>Timed: for each rate of {@code bench.rates} (1,000 and 2,000 a second), {@code bench.seconds}
 * (60) of CancellationCompleted events at that steady rate ({@link PacedSender}), each of a
 * different watched number, spread over the subscriptions; each makes one CANCELLED notification,
 * delivered to the one subscription that watches its number. Before them, {@code bench.warmupSeconds}
 * (15) at the first rate, printed apart. The latency of a delivery is the sink's receipt minus the
 * broker's acknowledgement of the event (both by this JVM's clock): from the moment the change is
 * on the log, through the registry's exactly-once transaction (the state, the notification, the
 * match to the watchlists, the delivery record), the dispatcher's read_committed read, to the sink.
 *
 * <p>Run it with {@code mvn -q -pl benchmarks -am verify -DskipTests -Pdelivery-benchmark} (see
 * BENCHMARKS.md). Other parameters: {@code bench.subscriptions}, {@code bench.registryHeap} (1g),
 * {@code bench.sinkThreads} (8), {@code bench.drainSeconds} (30: how long the deliveries of a phase
 * may stop coming before the missing ones are counted as such), and {@code bench.registry.<name>}
 * for any setting of the registry's ({@code -Dbench.registry.registry.streams.commit-interval=50ms}).
 * {@code bench.mode=sink-ceiling} measures the sink alone ({@link SinkCeiling}, {@code bench.concurrency}).
 */
public final class DeliveryBenchmark {

    static final String CANCELLED = "dev.numberregistry.number-recycling.v0.number-cancelled";
    static final String RECYCLED = "dev.numberregistry.number-recycling.v0.number-recycled";
    private static final String SECRET = "the-delivery-benchmark-secret-of-32-chars";
    private static final String ID_PREFIX = "cc-";
    private static final String LAST_VERIFIED = "2026-01-01";
    private static final String APPLICATION_ID = "number-registry";
    private static final String EVENTS_TOPIC = "number-events";
    private static final String WATCHLIST_TOPIC = "registry-watchlist";
    private static final String REJECTED_TOPIC = "number-events-rejected";
    private static final String NOTIFICATIONS_TOPIC = "number-recycle-notifications";
    private static final String DELIVERIES_TOPIC = "registry-deliveries";
    private static final Duration STALL = Duration.ofMinutes(2);

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(DeliveryBenchmark::run);
    }

    /** Where a notification was seen on its way: committed by the lifecycle, by the matching, and at the sink. */
    private record Stages(VisibilityWatcher notified, VisibilityWatcher matched, TimingSink sink) {
    }

    /** A timed stretch at one rate: events [from, to) of the run. */
    private record Phase(String name, int rate, int from, int to) {
    }

    private static void run() throws Exception {
        int subscriptions = intProperty("bench.subscriptions", 100);
        int banks = intProperty("bench.banks", 10);
        int watchlist = intProperty("bench.watchlist", 10_000);
        int pageSize = intProperty("bench.pageSize", 10_000);
        List<Integer> rates = intListProperty("bench.rates", "1000,2000");
        int phaseSeconds = intProperty("bench.seconds", 60);
        int warmupSeconds = intProperty("bench.warmupSeconds", 15);
        int drainSeconds = intProperty("bench.drainSeconds", 30);
        String registryHeap = stringProperty("bench.registryHeap", "1g");
        if ("sink-ceiling".equals(stringProperty("bench.mode", "deliveries"))) {
            Bench.printJvm();
            SinkCeiling.measure(intProperty("bench.concurrency", 64), phaseSeconds, intProperty("bench.sinkThreads", 8));
            return;
        }

        List<Phase> phases = new ArrayList<>();
        if (warmupSeconds > 0) {
            phases.add(new Phase("warm-up", rates.get(0), 0, rates.get(0) * warmupSeconds));
        }
        for (int rate : rates) {
            int from = phases.isEmpty() ? 0 : phases.get(phases.size() - 1).to();
            phases.add(new Phase(String.format("%,d/s", rate), rate, from, from + rate * phaseSeconds));
        }
        int events = phases.get(phases.size() - 1).to();
        int watched = subscriptions * watchlist;
        if (events > watched) {
            throw new IllegalArgumentException(events + " events need as many watched numbers; there are " + watched);
        }

        Bench.printJvm();
        out("Delivery benchmark: %d subscriptions of %d banks, watchlists of %,d numbers (%,d in all), pages of %,d; "
                        + "phases %s, %,d events", subscriptions, banks, watchlist, watched, pageSize,
                phases.stream().map(p -> p.name() + " " + (p.to() - p.from()) / p.rate() + " s").toList(), events);

        long generating = System.nanoTime();
        String[] numbers = BenchNumbers.generate(watched);
        out("Numbers: %,d made in %.1f s (not timed)", watched, seconds(System.nanoTime() - generating));

        Path log = Files.createTempFile("delivery-benchmark-registry-", ".log");
        try (WorkDirectory work = WorkDirectory.create("delivery-benchmark-");
             TimingSink sink = new TimingSink(ID_PREFIX, events, intProperty("bench.sinkThreads", 8))) {
            Map<String, String> settings = new TreeMap<>(Map.of(
                    "registry.subscriptions.sinks.allow-http", "true",
                    "registry.subscriptions.sinks.allowed-networks", "127.0.0.0/8"));
            settings.putAll(prefixedProperties("bench.registry."));
            List<String> jvmOptions = stringProperty("bench.registryJvmArgs", "").isEmpty() ? List.of()
                    : List.of(stringProperty("bench.registryJvmArgs", "").split("\\s+"));
            RegistryProcess registry = RegistryProcess.embedded(work.path(), registryHeap, settings, jvmOptions, log);
            registry.start();
            out("Registry process (-Xmx%s %s, embedded broker, %s) ready after %.1f s; log %s", registryHeap,
                    String.join(" ", jvmOptions), settings,
                    seconds(registry.awaitReady(Duration.ofMinutes(5)).toNanos()), log);
            try (ConsumerGroupLag lag = new ConsumerGroupLag(registry.bootstrap())) {
                subscribe(new SubscriptionsClient(registry.baseUri()), sink, numbers, subscriptions, banks, watchlist,
                        pageSize, lag);
                prepare(registry.bootstrap(), numbers, subscriptions, watchlist, events, lag);

                try (PacedSender sender = new PacedSender(registry.bootstrap(), events);
                     VisibilityWatcher notified = new VisibilityWatcher(registry.bootstrap(), NOTIFICATIONS_TOPIC,
                             ID_PREFIX, events);
                     VisibilityWatcher matched = new VisibilityWatcher(registry.bootstrap(), DELIVERIES_TOPIC,
                             ID_PREFIX, events)) {
                    measureIdle(registry, Duration.ofSeconds(intProperty("bench.idleSeconds", 10)));
                    Instant changedOn = Instant.now();
                    for (Phase phase : phases) {
                        measure(phase, sender, new Stages(notified, matched, sink), registry, drainSeconds,
                                i -> new NumberEvent(ID_PREFIX + i,
                                PhoneNumber.parse(numbers[watchedIndex(i, subscriptions, watchlist)]), changedOn,
                                changedOn, "billing", new EventPayload.CancellationCompleted()));
                    }
                }
                if (lag.endOffsets(List.of(REJECTED_TOPIC)) > 0) {
                    throw new IllegalStateException("the registry rejected events: the figures are not of a clean run");
                }
            } finally {
                registry.stop();
            }
            out("Deliveries that were not of the run's events (a subscription's end): %d", sink.others());
        }
        out("Load average at the end: %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The place in {@code numbers} of the number event {@code i} changes: the events go round the
     * subscriptions, each taking the next number of its watchlist, so that every subscription is
     * sent its share and no number changes twice.
     */
    private static int watchedIndex(int i, int subscriptions, int watchlist) {
        return (i % subscriptions) * watchlist + i / subscriptions;
    }

    private static void subscribe(SubscriptionsClient client, TimingSink sink, String[] numbers, int subscriptions,
                                  int banks, int watchlist, int pageSize, ConsumerGroupLag lag) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int bank = 0; bank < banks; bank++) {
            tokens.add(client.token(String.format("bank-%02d", bank), SubscriptionsClient.WRITE_SCOPE));
        }
        long creating = System.nanoTime();
        String[] ids = new String[subscriptions];
        for (int s = 0; s < subscriptions; s++) {
            ids[s] = client.subscribe(tokens.get(s % banks), sink.url(s), List.of(CANCELLED, RECYCLED), SECRET);
        }
        out("Subscriptions: %d created in %.1f s", subscriptions, seconds(System.nanoTime() - creating));

        long uploading = System.nanoTime();
        int pages = 0;
        for (int s = 0; s < subscriptions; s++) {
            for (int from = s * watchlist; from < (s + 1) * watchlist; from += pageSize) {
                client.watch(tokens.get(s % banks), ids[s], numbers, from, Math.min(from + pageSize, (s + 1) * watchlist),
                        LAST_VERIFIED);
                pages++;
            }
        }
        double upload = seconds(System.nanoTime() - uploading);
        int watched = subscriptions * watchlist;
        out("Watchlists: %,d numbers in %,d pages uploaded in %.1f s (%,.0f numbers/s, %.0f ms a page; one bank's "
                + "client, one page at a time)", watched, pages, upload, watched / upload, upload * 1000 / pages);
        Duration applied = lag.awaitCaughtUp(APPLICATION_ID, List.of(WATCHLIST_TOPIC), STALL);
        out("Watchlists applied by the registry %.1f s after the last page was taken (%,.0f numbers/s from the "
                + "first page)", seconds(applied.toNanos()), watched / (upload + seconds(applied.toNanos())));
    }

    /** The numbers that will change hands are held by a postpaid subscriber who asked to cancel. */
    private static void prepare(String bootstrap, String[] numbers, int subscriptions, int watchlist, int events,
                                ConsumerGroupLag lag) throws Exception {
        Instant assigned = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
        Instant requested = assigned.plus(Duration.ofDays(1));
        long start = System.nanoTime();
        try (BulkSender sender = new BulkSender(bulkProducerConfig(bootstrap))) {
            for (int i = 0; i < events; i++) {
                PhoneNumber number = PhoneNumber.parse(numbers[watchedIndex(i, subscriptions, watchlist)]);
                sender.send(EVENTS_TOPIC, new NumberEvent("assigned-" + i, number, assigned, assigned, "billing",
                        new EventPayload.NumberAssigned("holder-" + i, PlanType.POSTPAID, null)));
                sender.send(EVENTS_TOPIC, new NumberEvent("requested-" + i, number, requested, requested, "billing",
                        new EventPayload.CancellationRequested()));
            }
            sender.flush();
        }
        Duration applied = lag.awaitCaughtUp(APPLICATION_ID, List.of(EVENTS_TOPIC), STALL);
        double wall = seconds(System.nanoTime() - start);
        out("Prepared: %,d numbers assigned and with a cancellation requested (%,d events) applied in %.1f s "
                + "(%,.0f events/s; the last %.1f s waiting for the registry)", events, 2L * events, wall,
                2L * events / wall, seconds(applied.toNanos()));
        if (lag.endOffsets(List.of(REJECTED_TOPIC)) > 0) {
            throw new IllegalStateException("the registry rejected events of the preparation");
        }
    }

    private static void measure(Phase phase, PacedSender sender, Stages stages, RegistryProcess registry,
                                int drainSeconds, IntFunction<NumberEvent> eventOf)
            throws Exception {
        TimingSink sink = stages.sink();
        int count = phase.to() - phase.from();
        int duplicatesBefore = sink.duplicates();
        Duration cpuBefore = registry.cpuTime();
        long start = System.nanoTime();
        sender.run(EVENTS_TOPIC, phase.from(), phase.to(), phase.rate(), eventOf);
        long sent = System.nanoTime();
        int delivered = awaitDeliveries(sink, phase, Duration.ofSeconds(drainSeconds));
        double cpu = seconds(registry.cpuTime().minus(cpuBefore).toNanos());

        double[] fromAck = new double[delivered];
        double[] fromSend = new double[delivered];
        double[] ack = new double[count];
        long lastReceipt = 0;
        int n = 0;
        for (int i = phase.from(); i < phase.to(); i++) {
            ack[i - phase.from()] = (sender.ackedAt(i) - sender.sentAt(i)) / 1e6;
            long received = sink.receivedAt(i);
            if (received != 0) {
                fromAck[n] = (received - sender.ackedAt(i)) / 1e6;
                fromSend[n++] = (received - sender.sentAt(i)) / 1e6;
                lastReceipt = Math.max(lastReceipt, received);
            }
        }
        double sending = seconds(sender.sentAt(phase.to() - 1) - sender.sentAt(phase.from()));
        double delivering = seconds(lastReceipt - sender.sentAt(phase.from()));
        out("-- %s: %,d events sent in %.1f s (%,.0f/s); %,d delivered (%,d missing, %,d duplicates) in %.1f s from "
                        + "the first sent: %,.0f deliveries/s; the last delivered %.0f ms after the last sent",
                phase.name(), count, sending, (count - 1) / sending, delivered, count - delivered,
                sink.duplicates() - duplicatesBefore, delivering, delivered / delivering,
                (lastReceipt - sent) / 1e6);
        if (delivered > 0) {
            Percentiles latency = Percentiles.of(fromAck);
            out("   from the event on the log (acknowledged) to the sink's receipt: p50 %.0f ms, p90 %.0f ms, "
                            + "p99 %.0f ms, p99.9 %.0f ms, max %.0f ms, mean %.0f ms", latency.nearestRank(0.5),
                    latency.nearestRank(0.9), latency.nearestRank(0.99), latency.nearestRank(0.999), latency.max(),
                    latency.average());
            Percentiles whole = Percentiles.of(fromSend);
            Percentiles acks = Percentiles.of(ack);
            printStages(phase, sender, stages);
            out("   from the send (the producer's call): p50 %.0f ms, p99 %.0f ms; the broker's acknowledgement "
                    + "itself: p50 %.1f ms, p99 %.1f ms", whole.nearestRank(0.5), whole.nearestRank(0.99),
                    acks.nearestRank(0.5), acks.nearestRank(0.99));
        }
        out("   registry process CPU: %.1f s in %.1f s (%.2f cores), %.0f µs a delivery", cpu,
                seconds(System.nanoTime() - start), cpu / seconds(System.nanoTime() - start),
                delivered == 0 ? Double.NaN : cpu * 1e6 / delivered);
    }

    /** What the registry spends with nothing to do: the floor under every phase's CPU. */
    private static void measureIdle(RegistryProcess registry, Duration idle) throws Exception {
        Duration before = registry.cpuTime();
        long start = System.nanoTime();
        Thread.sleep(idle.toMillis()); // nothing is sent: the registry's own work is what is measured
        double wall = seconds(System.nanoTime() - start);
        double cpu = seconds(registry.cpuTime().minus(before).toNanos());
        out("Registry process idle (nothing sent) for %.1f s: %.1f s of CPU (%.2f cores)", wall, cpu, cpu / wall);
    }

    /**
     * Where the time went, for the deliveries seen at every stage: the lifecycle's transaction (the
     * event on the log until its notification is committed), the matching's (until the delivery
     * record is committed), and the dispatcher (until the sink has it).
     */
    private static void printStages(Phase phase, PacedSender sender, Stages stages) {
        List<double[]> stretches = List.of(new double[phase.to() - phase.from()], new double[phase.to() - phase.from()],
                new double[phase.to() - phase.from()]);
        int n = 0;
        for (int i = phase.from(); i < phase.to(); i++) {
            long notified = stages.notified().visibleAt(i);
            long matched = stages.matched().visibleAt(i);
            long received = stages.sink().receivedAt(i);
            if (notified != 0 && matched != 0 && received != 0) {
                stretches.get(0)[n] = (notified - sender.ackedAt(i)) / 1e6;
                stretches.get(1)[n] = (matched - notified) / 1e6;
                stretches.get(2)[n++] = (received - matched) / 1e6;
            }
        }
        if (n == 0) {
            return;
        }
        List<String> names = List.of("on the log to its notification committed", "to its delivery record committed",
                "to the sink");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   stages (%,d seen at each):", n));
        for (int stage = 0; stage < 3; stage++) {
            Percentiles stretch = Percentiles.of(Arrays.copyOf(stretches.get(stage), n));
            line.append(String.format(Locale.ROOT, "%s %s p50 %.0f ms, p99 %.0f ms", stage == 0 ? "" : ";",
                    names.get(stage), stretch.nearestRank(0.5), stretch.nearestRank(0.99)));
        }
        out("%s", line);
    }

    /**
     * Waits until every event of the phase was delivered, or until none came for {@code patience}.
     *
     * @return how many were delivered
     */
    private static int awaitDeliveries(TimingSink sink, Phase phase, Duration patience) throws InterruptedException {
        int delivered = 0;
        long progressAt = System.nanoTime();
        while (true) {
            int now = 0;
            for (int i = phase.from(); i < phase.to(); i++) {
                if (sink.receivedAt(i) != 0) {
                    now++;
                }
            }
            if (now > delivered) {
                delivered = now;
                progressAt = System.nanoTime();
            }
            if (delivered == phase.to() - phase.from() || System.nanoTime() - progressAt > patience.toNanos()) {
                return delivered;
            }
            Thread.sleep(50); // the sink counts; this only looks
        }
    }
}
