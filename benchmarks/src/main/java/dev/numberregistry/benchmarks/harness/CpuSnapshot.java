package dev.numberregistry.benchmarks.harness;

import static dev.numberregistry.benchmarks.harness.Bench.out;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * This JVM's CPU time, its GC time, the whole machine's busy CPU time and each thread's CPU time at
 * one moment: between two of them, where a phase's time went, and whether other processes competed
 * for the cores.
 */
public record CpuSnapshot(long cpuNanos, long gcMillis, double machineBusySeconds, Map<Long, ThreadCpu> threads) {

    public record ThreadCpu(String name, long cpuNanos) {
    }

    public static CpuSnapshot take() {
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

    public double cpuSecondsSince(CpuSnapshot start) {
        return (cpuNanos - start.cpuNanos) / 1e9;
    }

    /** CPU that other processes of the machine used since {@code start}. */
    public double othersSecondsSince(CpuSnapshot start) {
        return Math.max(0, machineBusySeconds - start.machineBusySeconds - cpuSecondsSince(start));
    }

    /** "this JVM's CPU ... of n cores; other processes' CPU ...; GC ..." over {@code wallSeconds}. */
    public String describeSince(CpuSnapshot start, double wallSeconds) {
        double cpu = cpuSecondsSince(start);
        double others = othersSecondsSince(start);
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "this JVM's CPU %.1f s = %.0f%% of %d cores; other processes' CPU %.1f s"
                        + " = %.0f%%; GC %.1f s", cpu, 100 * cpu / (wallSeconds * cores), cores, others,
                100 * others / (wallSeconds * cores), (gcMillis - start.gcMillis) / 1e3);
    }

    /** CPU seconds per {@link #threadGroup} since {@code start}, largest first. */
    public Map<String, Double> cpuByGroup(CpuSnapshot start, String applicationId) {
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

    /**
     * The table of {@link #cpuByGroup}: a line a group, its CPU seconds and its CPU per unit of work
     * ({@code units} of {@code unit}: events, numbers, decisions).
     */
    public String cpuTable(CpuSnapshot start, String applicationId, long units, String unit) {
        StringBuilder table = new StringBuilder();
        cpuByGroup(start, applicationId).forEach((group, cpu) -> table.append(String.format(Locale.ROOT,
                "%n  %-55s %8.1f s CPU = %7.1f µs per %s", group, cpu, cpu * 1e6 / units, unit)));
        return table.toString();
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
     * On a shared machine, waits (at most {@code patience}; zero: not at all) until other processes
     * use less than 10% of the cores over 5 s, so that a timed phase does not compete with someone
     * else's build. Whether it succeeded is printed; {@link #describeSince} also shows how much CPU
     * other processes took during the phase.
     */
    public static void awaitQuietMachine(Duration patience, String phase) throws InterruptedException {
        if (patience.isZero() || patience.isNegative()) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        double others;
        do {
            CpuSnapshot before = take();
            Thread.sleep(5_000);
            others = take().othersSecondsSince(before) / (5.0 * cores);
            if (others < 0.10) {
                out("Machine quiet before %s (other processes: %.0f%% of the cores)", phase, 100 * Math.max(0, others));
                return;
            }
        } while (System.nanoTime() < deadline);
        out("WARNING: other processes still used %.0f%% of the cores after waiting %s before %s", 100 * others,
                patience, phase);
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
