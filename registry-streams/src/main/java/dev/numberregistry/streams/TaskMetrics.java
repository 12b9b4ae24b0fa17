package dev.numberregistry.streams;

import dev.numberregistry.core.lifecycle.RejectionCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The registry's own Kafka Streams task metrics (group {@value #GROUP}, tags {@code thread-id}
 * and {@code registry-id} = the task). Counters come as {@code -total} (since the task started
 * in this thread) and {@code -rate} (per second, over the last minute):
 * <ul>
 *   <li>{@code events-applied}: events applied to a number's state, the registry's own decisions
 *       (a recycling when grace runs out...) included;</li>
 *   <li>{@code events-rejected}, tagged {@code code}: records refused, by reason code (the
 *       lifecycle's RejectionCode and IntakeRejection); every code is there from the start, at 0;</li>
 *   <li>{@code recycle-notifications-written} and {@code reminders-written}: what went to the
 *       notifications and reminders topics;</li>
 *   <li>{@code deadlines-swept}: deadlines taken due from the index by the sweep (each decided,
 *       reminded of, or found no longer pending);</li>
 *   <li>{@code deadline-sweep-micros}: each sweep, with its duration in microseconds
 *       ({@code -latency-avg}, {@code -latency-max});</li>
 *   <li>{@code deadlines-pending} (a gauge, at each sweep): the entries of the task's deadline
 *       index, one per number with a deadline or reminder ahead (its next one), as estimated by
 *       the store (RocksDB's estimate is approximate);</li>
 *   <li>{@code deadline-sweep-lag-ms} (a gauge, at each sweep): how long the oldest deadline that
 *       is due has waited for its decision, 0 when none waits. It grows while the sweep may not
 *       decide (the task replays the log) or cannot keep up;</li>
 *   <li>{@code unprocessable-records}: records and decisions the registry could not process as
 *       events: each was rejected (TOO_LARGE, STATE_TOO_LARGE, PROCESSING_ERROR or MISPLACED)
 *       and logged; a rate above zero is worth an alert;</li>
 *   <li>{@code misplaced-records}: records that arrived in a partition other than their key's and
 *       were moved to it: some producer does not partition as Java's default partitioner does (see
 *       EventPlacement).</li>
 * </ul>
 * Counts are of processing: a record processed again after an aborted transaction (a failed
 * stream thread) is counted again.
 */
final class TaskMetrics {

    static final String GROUP = "stream-registry-metrics";
    private static final String SCOPE = "registry";

    private final StreamsMetrics metrics;
    private final Map<String, String> taskTags;
    private final List<Sensor> sensors = new ArrayList<>();
    private final Sensor sweepMicros;
    private final Sensor deadlinesSwept;
    private final Sensor unprocessable;
    private final Sensor misplaced;
    private final Sensor applied;
    private final Sensor notificationsWritten;
    private final Sensor remindersWritten;
    private final Sensor deadlinesPending;
    private final Sensor sweepLag;
    private final Map<String, Sensor> rejectedByCode = new HashMap<>();

    TaskMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        // The tags Kafka Streams gives the rate-total sensors below, so that all look alike.
        this.taskTags = new LinkedHashMap<>();
        taskTags.put("thread-id", Thread.currentThread().getName());
        taskTags.put(SCOPE + "-id", taskId);
        this.sweepMicros = kept(metrics.addLatencyRateTotalSensor(SCOPE, taskId, "deadline-sweep-micros",
                Sensor.RecordingLevel.INFO));
        this.deadlinesSwept = rateTotal(taskId, "deadlines-swept");
        this.unprocessable = rateTotal(taskId, "unprocessable-records");
        this.misplaced = rateTotal(taskId, "misplaced-records");
        this.applied = rateTotal(taskId, "events-applied");
        this.notificationsWritten = rateTotal(taskId, "recycle-notifications-written");
        this.remindersWritten = rateTotal(taskId, "reminders-written");
        this.deadlinesPending = gauge("deadlines-pending",
                "The numbers with a deadline or reminder pending in the task's index, each once (the store's estimate)");
        this.sweepLag = gauge("deadline-sweep-lag-ms",
                "How long the oldest due deadline has waited for its decision, in milliseconds (0: none waits)");
        // Every code from the start, so that a first rejection is a rise from 0 and not a new series.
        IntakeRejection.ALL_CODES.forEach(this::rejectedSensor);
    }

    void swept(long nanos, int deadlines) {
        sweepMicros.record(nanos / 1_000.0);
        // A rate-total sensor counts its recordings: one per deadline.
        for (int i = 0; i < deadlines; i++) {
            deadlinesSwept.record();
        }
    }

    void pending(long deadlines) {
        deadlinesPending.record(deadlines);
    }

    void sweepLag(long millis) {
        sweepLag.record(millis);
    }

    void applied() {
        applied.record();
    }

    void rejected(String code) {
        rejectedSensor(code).record();
    }

    void notificationWritten() {
        notificationsWritten.record();
    }

    void reminderWritten() {
        remindersWritten.record();
    }

    void unprocessable() {
        unprocessable.record();
    }

    void misplaced() {
        misplaced.record();
    }

    /** When the task's processor closes: Kafka Streams leaves custom sensors to their owner. */
    void remove() {
        sensors.forEach(metrics::removeSensor);
        sensors.clear();
        rejectedByCode.clear();
    }

    private Sensor rateTotal(String taskId, String operation) {
        return kept(metrics.addRateTotalSensor(SCOPE, taskId, operation, Sensor.RecordingLevel.INFO));
    }

    /**
     * Kafka Streams names a rate-total sensor by its task and operation only, so tagged variants
     * of one operation would share one sensor: each code gets a sensor of its own here.
     */
    private Sensor rejectedSensor(String code) {
        return rejectedByCode.computeIfAbsent(code, c -> {
            Map<String, String> tags = new LinkedHashMap<>(taskTags);
            tags.put("code", c);
            Sensor sensor = kept(metrics.addSensor(sensorName("events-rejected." + c), Sensor.RecordingLevel.INFO));
            sensor.add(new MetricName("events-rejected-rate", GROUP,
                    "The average number of records rejected per second with this code", tags),
                    new Rate(TimeUnit.SECONDS, new WindowedCount()));
            sensor.add(new MetricName("events-rejected-total", GROUP,
                    "The total number of records rejected with this code", tags), new CumulativeCount());
            return sensor;
        });
    }

    private Sensor gauge(String name, String description) {
        Sensor sensor = kept(metrics.addSensor(sensorName(name), Sensor.RecordingLevel.INFO));
        sensor.add(new MetricName(name, GROUP, description, taskTags), new Value());
        return sensor;
    }

    private String sensorName(String name) {
        return "registry." + taskTags.get("thread-id") + "." + taskTags.get(SCOPE + "-id") + "." + name;
    }

    private Sensor kept(Sensor sensor) {
        sensors.add(sensor);
        return sensor;
    }
}
