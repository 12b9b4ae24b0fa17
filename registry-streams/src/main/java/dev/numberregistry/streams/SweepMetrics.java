package dev.numberregistry.streams;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedSum;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * What the deadline sweep costs, as Kafka Streams task metrics (group
 * {@code stream-registry-metrics}, tag {@code registry-id} = the task): the duration of each
 * sweep in microseconds ({@code deadline-sweep-micros-latency-avg}, {@code -latency-max}; its
 * {@code -rate} and {@code -total} count sweeps) and the deadlines they handled
 * ({@code deadlines-swept-rate} per second, {@code deadlines-swept-total}).
 */
final class SweepMetrics {

    private static final String SCOPE = "registry";
    private static final String GROUP = "stream-" + SCOPE + "-metrics";

    private final Sensor sweepMicros;
    private final Sensor deadlinesSwept;

    SweepMetrics(StreamsMetrics metrics, String taskId) {
        this.sweepMicros = metrics.addLatencyRateTotalSensor(SCOPE, taskId, "deadline-sweep-micros",
                Sensor.RecordingLevel.INFO);
        // Not addRateTotalSensor: its rate and total count recordings (sweeps), not deadlines.
        String thread = Thread.currentThread().getName();
        Map<String, String> tags = Map.of("thread-id", thread, SCOPE + "-id", taskId);
        this.deadlinesSwept = metrics.addSensor("registry." + thread + "." + taskId + ".deadlines-swept",
                Sensor.RecordingLevel.INFO);
        deadlinesSwept.add(new MetricName("deadlines-swept-rate", GROUP,
                "The number of deadlines handled by the sweeps per second", tags), new Rate(TimeUnit.SECONDS,
                new WindowedSum()));
        deadlinesSwept.add(new MetricName("deadlines-swept-total", GROUP,
                "The number of deadlines handled by the sweeps", tags), new CumulativeSum());
    }

    void swept(long nanos, int deadlines) {
        sweepMicros.record(nanos / 1_000.0);
        deadlinesSwept.record(deadlines);
    }
}
