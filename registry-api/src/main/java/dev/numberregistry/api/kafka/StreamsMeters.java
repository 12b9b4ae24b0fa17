package dev.numberregistry.api.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Kafka Streams metrics of the topology (its client's, threads', tasks', and the registry's
 * own task metrics) in Micrometer, hence at {@code /prometheus}, through Micrometer's
 * {@link KafkaStreamsMetrics} binder.
 *
 * <p>The binder looks for new Kafka metrics once a minute only, and a task's metrics are made when
 * the task starts, after a rebalance: binding again whenever the topology becomes RUNNING shows
 * them at once. The values are Kafka's own, so binding again loses no count.
 */
@Singleton
class StreamsMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private KafkaStreamsMetrics bound;

    StreamsMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Binds the topology's metrics as they are now, in place of those bound before. */
    synchronized void bind(KafkaStreams streams) {
        close();
        bound = new KafkaStreamsMetrics(streams);
        bound.bindTo(registry);
    }

    @Override
    @PreDestroy
    public synchronized void close() {
        if (bound != null) {
            bound.close();
            bound = null;
        }
    }
}
