package dev.numberregistry.benchmarks.harness;

import java.util.Arrays;

/**
 * The distribution of repeated timings, sorted once. Two ways to pick a percentile are kept, each
 * named, because the figures in BENCHMARKS.md were printed with both: the check benchmark's batch
 * times by {@link #nearestRank}, the deadline index's call times by {@link #atIndex}. They differ
 * by at most one place in the sorted values.
 */
public final class Percentiles {

    private final double[] sorted;

    private Percentiles(double[] sorted) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        this.sorted = sorted;
    }

    public static Percentiles of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted);
    }

    public static Percentiles of(long[] values) {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /** The nearest-rank percentile: the smallest value at least {@code p} of the values do not exceed. */
    public double nearestRank(double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The value at place {@code floor(p * n)} of the sorted values (the upper median for p = 0.5). */
    public double atIndex(double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double average() {
        return Arrays.stream(sorted).average().orElse(Double.NaN);
    }

    public int count() {
        return sorted.length;
    }
}
