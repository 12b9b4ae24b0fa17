package dev.numberregistry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the benchmarks share: their printing, their clients of the broker, and where the CPU went
 * while they measured.
 */
final class BenchSupport {

    private BenchSupport() {
    }

    static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /**
     * A numeric system property ({@code 10_000_000} allowed), or the default when it is not set.
     * A value that is not a number fails the run rather than quietly measuring the default.
     */
    static long longProperty(String name, long defaultValue) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? defaultValue : Long.parseLong(value.strip().replace("_", ""));
    }

        static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM, its options, heap, cores and collectors, and the machine's load: the context of every figure. */
    static void printJvm() {
        Runtime runtime = Runtime.getRuntime();
        out("JVM: %s %s (%s), args %s", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        out("Heap: max %,d MiB; cores available: %d; GC: %s; load average at start: %.2f", runtime.maxMemory() >> 20,
                runtime.availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out("OS: %s %s %s", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }

    /** A bulk sender of raw records: acks=all and idempotence (the defaults), larger batches. */
    static Map<String, Object> bulkProducerConfig(String bootstrap, int batchSize, int lingerMs) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return config;
    }

    static Map<String, Object> bulkProducerConfig(String bootstrap) {
        return bulkProducerConfig(bootstrap, 64 * 1024, 5);
    }

    /**
     * A reader of raw records that sees only what was committed: a registry's output is visible
     * once its transaction is. Assigned by the caller; commits nothing.
     */
    static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return new KafkaConsumer<>(config);
    }

    /**
     * The group a thread of a benchmark's JVM belongs to: the registry's stream threads and their
     * producers, the benchmark's own clients, other Kafka Streams threads, and the embedded broker.
     */
    static String threadGroup(String thread, String applicationId) {
        if (thread.matches(".*-StreamThread-\\d+")) {
            return "Kafka Streams stream threads";
        } else if (thread.startsWith("kafka-producer-network-thread") && thread.contains("StreamThread")) {
            return "Kafka Streams producers' I/O threads";
        } else if (thread.equals("main") || thread.startsWith("bench-")
                || thread.startsWith("kafka-producer-network-thread")) {
            return "benchmark's producer and consumers";
        } else if (thread.contains("StreamThread") || thread.contains(applicationId)) {
            return "other Kafka Streams threads";
        }
        return "broker (request handlers, network, log, coordinators...)";
    }

    /**
     * This JVM's CPU time, its GC time, the whole machine's busy CPU time and each thread's CPU
     * time at one moment: between two of them, where a phase's time went, and whether other
     * processes competed for the cores.
     */
    record CpuSnapshot(long cpuNanos, long gcMillis, double machineBusySeconds, Map<Long, ThreadCpu> threads) {

        record ThreadCpu(String name, long cpuNanos) {
        }

        static CpuSnapshot take() {
            long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
            Map<Long, ThreadCpu> threads = new HashMap<>();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null) {
                    long threadCpu = mx.getThreadCpuTime(info.getThreadId());
                    if (threadCpu > 0) {
                        threads.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), threadCpu));
                    }
                }
            }
            return new CpuSnapshot(cpu, gc, readMachineBusySeconds(), threads);
        }

        double cpuSecondsSince(CpuSnapshot start) {
            return (cpuNanos - start.cpuNanos) / 1e9;
        }

        /** CPU that other processes of the machine used since {@code start}. */
        double othersSecondsSince(CpuSnapshot start) {
            return Math.max(0, machineBusySeconds - start.machineBusySeconds - cpuSecondsSince(start));
        }

        /** "this JVM's CPU ... of n cores; other processes' CPU ...; GC ..." over {@code wallSeconds}. */
        String describeSince(CpuSnapshot start, double wallSeconds) {
            double cpu = cpuSecondsSince(start);
            double others = othersSecondsSince(start);
            int cores = Runtime.getRuntime().availableProcessors();
            return String.format(Locale.ROOT, "this JVM's CPU %.1f s = %.0f%% of %d cores; other processes' CPU %.1f s"
                            + " = %.0f%%; GC %.1f s", cpu, 100 * cpu / (wallSeconds * cores), cores, others,
                    100 * others / (wallSeconds * cores), (gcMillis - start.gcMillis) / 1e3);
        }

        /** CPU seconds per {@link #threadGroup} since {@code start}, largest first. */
        Map<String, Double> cpuByGroup(CpuSnapshot start, String applicationId) {
            Map<String, Double> groups = new HashMap<>();
            double javaThreads = 0;
            for (Map.Entry<Long, ThreadCpu> entry : threads.entrySet()) {
                ThreadCpu before = start.threads.get(entry.getKey());
                double delta = (entry.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos())) / 1e9;
                groups.merge(threadGroup(entry.getValue().name(), applicationId), delta, Double::sum);
                javaThreads += delta;
            }
            groups.put("JIT, GC, RocksDB's native threads, threads that ended",
                    Math.max(0, cpuSecondsSince(start) - javaThreads));
            Map<String, Double> sorted = new LinkedHashMap<>();
            groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        /** Busy time of all cores from /proc/stat (Linux, in USER_HZ = 1/100 s); NaN elsewhere. */
        private static double readMachineBusySeconds() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(fields[i]);
                    }
                }
                return busy / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }
}
