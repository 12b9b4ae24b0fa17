package dev.numberregistry.streams;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The registry's own Kafka Streams task metrics (group {@code stream-registry-metrics}, tag
 * {@code registry-id} = the task):
 * <ul>
 *   <li>what the deadline sweep costs: the duration of each sweep in microseconds
 *       ({@code deadline-sweep-micros-latency-avg}, {@code -latency-max}; its {@code -rate} and
 *       {@code -total} count sweeps) and the deadlines they handled ({@code deadlines-swept-rate}
 *       per second, {@code deadlines-swept-total});</li>
 *   <li>records and decisions the registry could not process as events
 *       ({@code unprocessable-records-rate}, {@code -total}): each was rejected (TOO_LARGE,
 *       STATE_TOO_LARGE, PROCESSING_ERROR or MISPLACED) and logged; a rate above zero is worth an
 *       alert;</li>
 *   <li>records that arrived in a partition other than their key's and were moved to it
 *       ({@code misplaced-records-rate}, {@code -total}): some producer does not partition as Java's
 *       default partitioner does (see EventPlacement).</li>
 * </ul>
 */
final class TaskMetrics {

    private static final String SCOPE = "registry";

    private final StreamsMetrics metrics;
    private final Sensor sweepMicros;
    private final Sensor deadlinesSwept;
    private final Sensor unprocessable;
    private final Sensor misplaced;

    TaskMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.sweepMicros = metrics.addLatencyRateTotalSensor(SCOPE, taskId, "deadline-sweep-micros",
                Sensor.RecordingLevel.INFO);
        this.deadlinesSwept = metrics.addRateTotalSensor(SCOPE, taskId, "deadlines-swept",
                Sensor.RecordingLevel.INFO);
        this.unprocessable = metrics.addRateTotalSensor(SCOPE, taskId, "unprocessable-records",
                Sensor.RecordingLevel.INFO);
        this.misplaced = metrics.addRateTotalSensor(SCOPE, taskId, "misplaced-records", Sensor.RecordingLevel.INFO);
    }

    void swept(long nanos, int deadlines) {
        sweepMicros.record(nanos / 1_000.0);
        // A rate-total sensor counts its recordings: one per deadline.
        for (int i = 0; i < deadlines; i++) {
            deadlinesSwept.record();
        }
    }

    void unprocessable() {
        unprocessable.record();
    }

    void misplaced() {
        misplaced.record();
    }

    /** When the task's processor closes: Kafka Streams leaves custom sensors to their owner. */
    void remove() {
        metrics.removeSensor(sweepMicros);
        metrics.removeSensor(deadlinesSwept);
        metrics.removeSensor(unprocessable);
        metrics.removeSensor(misplaced);
    }
}
