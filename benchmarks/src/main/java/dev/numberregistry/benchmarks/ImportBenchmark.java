package dev.numberregistry.benchmarks;

import static dev.numberregistry.benchmarks.harness.Bench.out;
import static dev.numberregistry.benchmarks.harness.Bench.seconds;
import static dev.numberregistry.benchmarks.harness.BenchProperties.intProperty;
import static dev.numberregistry.benchmarks.harness.BenchProperties.stringProperty;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.health.Readiness;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.onboarding.ListedNumbers;
import dev.numberregistry.api.onboarding.NumberImport;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.benchmarks.harness.Bench;
import dev.numberregistry.benchmarks.harness.BenchCluster;
import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.CpuSnapshot;
import dev.numberregistry.benchmarks.harness.RegistryProcess;
import dev.numberregistry.benchmarks.harness.WorkDirectory;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Onboarding a carrier's base: N existing numbers (10,000,000 by default) imported from a file
 * into the embedded registry with the import tool, as the README tells a carrier to do. The
 * registry is the application itself (its Micronaut context on its embedded broker, with the
 * number of partitions given); the tool runs in the same JVM, on the same two cores, so the
 * figures are of the whole machine onboarding.
 *
 * <p>The file is made first and not timed: JSON lines of valid US numbers, their statuses mixed
 * as a carrier's are (60 % active postpaid, 20 % active prepaid with a validity, 10 % in grace,
 * 5 % suspended, 5 % in quarantine; 1 % with a flag), tenures begun between 2010 and 2025 and
 * covered from their start, every end date at least ten days ahead so that no deadline or
 * reminder comes due during the run. The tool prints the rate until every number is in the log
 * and until the registry has committed every one (then each is queryable). Afterwards a sample
 * of 2,000 numbers is read back through the registry's query path and checked against the file.
 * Then (unless {@code bench.recovery=false}) what the registry holds is measured: its state stores
 * on disk, the JVM's resident memory and live heap; and how long an instance takes to answer
 * queries again: a fresh one (empty state directory, every store restored from its changelog),
 * and one restarted with its state directory.
 *
 * <p>Run it with {@code mvn -o -q -pl benchmarks -am verify -DskipTests -Pimport-benchmark} (see
 * BENCHMARKS.md). Parameters: {@code bench.numbers}, {@code bench.partitions} (6), {@code bench.mode}: {@code import}
 * (the default, above) or {@code listed-numbers}, which only measures the heap the tool's map of
 * listed numbers ({@link ListedNumbers}) retains for N numbers, without a registry.
 */
public final class ImportBenchmark {

    private static final Instant AS_OF = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final int SAMPLE = 2_000;
    /** How long a registry may take to answer queries after a start: longer means something is broken. */
    private static final Duration READY_PATIENCE = Duration.ofMinutes(20);

    private ImportBenchmark() {
    }

    public static void main(String[] args) {
        Bench.main(ImportBenchmark::run);
    }

    private static void run() throws Exception {
        int numbers = intProperty("bench.numbers", 10_000_000);
        int partitions = intProperty("bench.partitions", new KafkaSettings().getPartitions());
        Bench.printJvm();
        if ("listed-numbers".equals(stringProperty("bench.mode", "import"))) {
            measureListedNumbers(numbers);
            return;
        }
        out("Import benchmark: %,d numbers, %d partitions, as of %s", numbers, partitions, AS_OF);
        try (WorkDirectory work = WorkDirectory.create("import-benchmark-")) {
            long generating = System.nanoTime();
            String[] e164 = BenchNumbers.generate(numbers);
            Path file = work.resolve("base.jsonl");
            writeFile(file, e164);
            out("File: %s, %,d bytes, made in %.1f s (not timed)", file, Files.size(file),
                    seconds(System.nanoTime() - generating));

            if ("process".equals(stringProperty("bench.registry", "in-jvm"))) {
                importIntoRegistryProcess(work, file, e164, partitions);
                return;
            }
            Map<String, Object> settings = Map.of(
                    "micronaut.server.port", "-1",
                    "registry.kafka.embedded-port", "0",
                    "registry.kafka.embedded-data-dir", work.resolve("kafka").toString(),
                    "registry.streams.state-dir", work.resolve("streams").toString(),
                    "registry.kafka.partitions", Integer.toString(partitions));
            // The server too: the topology starts once the HTTP server listens, as in the application.
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
                ApplicationContext registry = server.getApplicationContext();
                String bootstrap = (String) registry.getBean(KafkaClientProperties.class).common()
                        .get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
                CpuSnapshot before = CpuSnapshot.take();
                long start = System.nanoTime();
                int status = new NumberImport(new NumberImport.Settings(file, bootstrap, "onboarding", AS_OF, null,
                        "number-registry", "number-events", "number-events-rejected", true), System.out, System.out,
                        false).run();
                double wall = seconds(System.nanoTime() - start);
                CpuSnapshot after = CpuSnapshot.take();
                out("Tool's exit status: %d (0: every line imported)", status);
                out("Whole run %.1f s: %s", wall, after.describeSince(before, wall));
                out("CPU by thread group:%s", after.cpuTable(before, "number-registry", numbers, "number"));
                verifySample(e164, inJvm(registry.getBean(NumberQueries.class)));
                if (status != 0) {
                    throw new IllegalStateException("the import refused lines: the figures are not of a clean run");
                }
                printFootprint(work.resolve("streams"));
            }
            if (!"false".equals(stringProperty("bench.recovery", "true"))) {
                // A fresh instance: the same log, an empty state directory, every store restored
                // from its changelog.
                work.delete("streams");
                timeUntilQueriesAnswer("a fresh instance (empty state directory)", settings, e164);
                // The same instance stopped and started again with its state directory.
                timeUntilQueriesAnswer("a restart with the state directory kept", settings, e164);
            }
        }
    }

    /**
     * The registry in a process of its own ({@link RegistryProcess}), on a broker in this JVM: its
     * resident memory after the import is the registry's alone. Then it is killed ({@code kill -9})
     * and started again on the state directory it left, and last started fresh, with none.
     */
    private static void importIntoRegistryProcess(WorkDirectory work, Path file, String[] e164, int partitions)
            throws Exception {
        String heap = stringProperty("bench.registryHeap", "1g");
        String staticMemberId = "true".equals(stringProperty("bench.registryStatic", "false")) ? "bench-registry" : null;
        Path state = work.resolve("registry-state");
        try (BenchCluster kafka = BenchCluster.start("import-kafka-", partitions)) {
            RegistryProcess registry = RegistryProcess.on(kafka.bootstrap(), partitions, state, heap, staticMemberId,
                    work.resolve("registry.log"));
            registry.start();
            out("Registry process (-Xms%s -Xmx%s, %s member of its group) ready after %.1f s; log %s", heap, heap,
                    staticMemberId == null ? "a dynamic" : "a static",
                    seconds(registry.awaitReady(READY_PATIENCE).toNanos()), work.resolve("registry.log"));
            long start = System.nanoTime();
            int status = new NumberImport(new NumberImport.Settings(file, kafka.bootstrap(), "onboarding", AS_OF, null,
                    "number-registry", "number-events", "number-events-rejected", true), System.out, System.out,
                    false).run();
            out("Tool's exit status: %d (0: every line imported); whole run %.1f s", status,
                    seconds(System.nanoTime() - start));
            verifySample(e164, overHttp(registry));
            if (status != 0) {
                throw new IllegalStateException("the import refused lines: the figures are not of a clean run");
            }
            out("Footprint after the import: state stores %,d MiB on disk; the registry's process resident %,d MiB",
                    sizeOf(state) >> 20, registry.residentKiB() >> 10);

            registry.kill();
            registry.start();
            out("After kill -9, restarted on the state directory it left: queries answered %.1f s after the start",
                    seconds(registry.awaitReady(READY_PATIENCE).toNanos()));
            verifySample(e164, overHttp(registry));
            out("Resident after the restart: %,d MiB", registry.residentKiB() >> 10);

            registry.stop();
            work.delete("registry-state");
            registry.start();
            out("A fresh instance (empty state directory): queries answered %.1f s after the start",
                    seconds(registry.awaitReady(READY_PATIENCE).toNanos()));
            verifySample(e164, overHttp(registry));
            out("Resident after restoring every store: %,d MiB", registry.residentKiB() >> 10);
            registry.stop();
        }
    }

    /** What the registry holds after the import: its stores on disk, the JVM's resident memory and live heap. */
    private static void printFootprint(Path stateDirectory) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        out("Footprint after the import: state stores %,d MiB on disk (%s); JVM resident %,d MiB (this JVM: the "
                        + "registry, its embedded broker and the tool); live heap after a full collection %,d MiB",
                sizeOf(stateDirectory) >> 20, stateDirectory, residentKiB() >> 10, heap >> 20);
    }

    /**
     * Starts the application on the benchmark's log and state directory, and times it until its
     * readiness says UP (its stores restored, queries answered), then reads the sample back.
     */
    private static void timeUntilQueriesAnswer(String what, Map<String, Object> settings, String[] e164)
            throws Exception {
        long start = System.nanoTime();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            Readiness readiness = server.getApplicationContext().getBean(Readiness.class);
            while (!readiness.check()) {
                Thread.sleep(100);
            }
            double wall = seconds(System.nanoTime() - start);
            out("%s: queries answered %.1f s after the start", what, wall);
            verifySample(e164, inJvm(server.getApplicationContext().getBean(NumberQueries.class)));
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static long residentKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(-1);
    }

    /**
     * The heap a run's map of listed numbers keeps, after a full collection before and after filling
     * it. The map keeps a number's digits only, so any distinct numbers do: these are consecutive
     * US ones, not validated (libphonenumber would take minutes for 100,000,000), and each is made
     * and dropped in turn, so that only the map stays.
     */
    private static void measureListedNumbers(int numbers) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        ListedNumbers listed = new ListedNumbers();
        for (int i = 0; i < numbers; i++) {
            listed.firstLineOf(PhoneNumber.ofStored("+1" + (2_012_000_000L + i)), i + 1L);
        }
        System.gc();
        long retained = runtime.totalMemory() - runtime.freeMemory() - before;
        out("Listed numbers: %,d, retained %,d MiB (%.1f bytes a number)", listed.size(), retained >> 20,
                (double) retained / numbers);
    }

    private static void writeFile(Path file, String[] e164) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            for (int i = 0; i < e164.length; i++) {
                writer.write(line(i, e164[i]));
                writer.write('\n');
            }
        }
    }

    /** The i-th number's line: its status by i's last two digits, its dates by i. */
    static String line(int i, String number) {
        Instant tenureStart = Instant.parse("2010-01-01T00:00:00Z").plus(Duration.ofDays(i % 5_800));
        Instant ahead = AS_OF.plus(Duration.ofDays(10 + i % 90));
        String holder = "\"holder\":{\"subscriberRef\":\"sub-" + i + "\",\"planType\":\"%s\",\"tenureStart\":\""
                + tenureStart + "\"}";
        String flags = i % 100 == 7 ? ",\"flags\":[{\"flagId\":\"f-" + i + "\",\"kind\":\"SPAM\",\"severity\":\"LOW\","
                + "\"raisedBy\":\"spam-desk\",\"raisedAt\":\"" + tenureStart + "\"}]" : "";
        int kind = i % 20;
        String truth;
        if (kind < 12) {
            truth = "\"status\":\"ACTIVE\"," + holder.formatted("POSTPAID");
        } else if (kind < 16) {
            truth = "\"status\":\"ACTIVE\"," + holder.formatted("PREPAID") + ",\"validUntil\":\"" + ahead + "\"";
        } else if (kind < 18) {
            truth = "\"status\":\"IN_GRACE\"," + holder.formatted("PREPAID") + ",\"validUntil\":\""
                    + AS_OF.minus(Duration.ofDays(3)) + "\",\"graceEndsAt\":\"" + ahead + "\"";
        } else if (kind < 19) {
            truth = "\"status\":\"SUSPENDED\"," + holder.formatted("POSTPAID") + ",\"suspension\":{\"reason\":\"LOST_SIM\","
                    + "\"since\":\"" + AS_OF.minus(Duration.ofDays(2)) + "\",\"resumeTo\":\"ACTIVE\"}";
        } else {
            truth = "\"status\":\"QUARANTINED\",\"previousHolder\":{\"subscriberRef\":\"sub-" + i
                    + "\",\"planType\":\"PREPAID\",\"tenureStart\":\"" + tenureStart + "\"},\"quarantineEndsAt\":\""
                    + ahead + "\"";
        }
        return "{\"number\":\"" + number + "\"," + truth + flags + ",\"coveredFrom\":\"" + tenureStart + "\"}";
    }

    /** What the benchmark checks of a number read back: what its line in the file fixed. */
    private record AsRead(String status, Instant coveredFrom, long appliedEvents, int flags) {

        static AsRead of(NumberState state) {
            return new AsRead(state.status().name(), state.coveredFrom(), state.appliedEvents(), state.flags().size());
        }

        /** From the registry's answer to {@code GET /numbers/{number}}. */
        static AsRead of(String json) {
            return new AsRead(field(json, "status"), Instant.parse(field(json, "coveredFrom")),
                    Long.parseLong(field(json, "appliedEvents")), json.split("\"flagId\"", -1).length - 1);
        }

        private static String field(String json, String name) {
            Matcher found = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
            if (!found.find()) {
                throw new IllegalStateException("no " + name + " in " + json);
            }
            return found.group(1);
        }
    }

    /** Numbers spread over the whole file, read back through the registry's query path. */
    private static void verifySample(String[] e164, Reader reader) throws Exception {
        String[] expectedStatus = {"ACTIVE", "IN_GRACE", "SUSPENDED", "QUARANTINED"};
        int checked = 0;
        for (int k = 0; k < SAMPLE; k++) {
            int i = (int) ((long) k * e164.length / SAMPLE);
            AsRead state = reader.read(e164[i]);
            int kind = i % 20;
            String status = expectedStatus[kind < 16 ? 0 : kind < 18 ? 1 : kind < 19 ? 2 : 3];
            Instant tenureStart = Instant.parse("2010-01-01T00:00:00Z").plus(Duration.ofDays(i % 5_800));
            if (!state.status().equals(status) || !tenureStart.equals(state.coveredFrom())
                    || state.appliedEvents() != 1 || state.flags() != (i % 100 == 7 ? 1 : 0)) {
                throw new IllegalStateException("number " + e164[i] + " is not as imported: " + state);
            }
            checked++;
        }
        out("Sample: %,d numbers read back through the query path, each as imported", checked);
    }

    /** Reads a number back from the registry. */
    @FunctionalInterface
    private interface Reader {
        AsRead read(String e164) throws Exception;
    }

    private static Reader inJvm(NumberQueries queries) {
        return number -> AsRead.of(queries.state(PhoneNumber.parse(number)).orElseThrow(() ->
                new IllegalStateException("an imported number is not found: " + number)));
    }

    private static Reader overHttp(RegistryProcess registry) {
        // The number without its +, one of the spellings the registry reads, so no escaping.
        return number -> AsRead.of(registry.get("/numbers/" + number.substring(1)));
    }
}
