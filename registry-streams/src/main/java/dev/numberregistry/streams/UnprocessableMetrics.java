package dev.numberregistry.streams;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Records and decisions the registry could not process as events, counted as a Kafka Streams task
 * metric (group {@code stream-registry-metrics}, tag {@code registry-id} = the task):
 * {@code unprocessable-records-rate} and {@code -total}. Each was rejected (TOO_LARGE,
 * STATE_TOO_LARGE or PROCESSING_ERROR) and logged; any of them is worth a look, and a rate above
 * zero is worth an alert.
 */
final class UnprocessableMetrics {

    private static final String SCOPE = "registry";

    private final StreamsMetrics metrics;
    private final Sensor unprocessable;

    UnprocessableMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.unprocessable = metrics.addRateTotalSensor(SCOPE, taskId, "unprocessable-records",
                Sensor.RecordingLevel.INFO);
    }

    void counted() {
        unprocessable.record();
    }

    /** When the task's processor closes: Kafka Streams leaves custom sensors to their owner. */
    void remove() {
        metrics.removeSensor(unprocessable);
    }
}
