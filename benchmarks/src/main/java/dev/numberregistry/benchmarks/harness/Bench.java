package dev.numberregistry.benchmarks.harness;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How a benchmark program starts, prints and ends: every line on standard output, flushed at once
 * (the figures of a run that dies are still there), and the JVM and machine first, the context of
 * every figure.
 */
public final class Bench {

    /** A benchmark's whole run. */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    private Bench() {
    }

    /**
     * Runs a benchmark and ends the JVM: status 0 when it passed; when it failed, "BENCHMARK
     * FAILED" and the stack trace on standard output, with the figures, and status 1. The exit
     * also ends whatever threads a client, the broker or RocksDB left running.
     */
    public static void main(Run run) {
        try {
            run.run();
        } catch (Throwable e) {
            System.out.println();
            System.out.println("BENCHMARK FAILED: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    /** A line of the benchmark's output ({@link Locale#ROOT}: 1,234.5 whatever the machine's locale). */
    public static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The JVM, its options, heap, cores and collectors, and the machine's load: the context of every figure. */
    public static void printJvm() {
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
}
