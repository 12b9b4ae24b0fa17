package dev.numberregistry.api.health;

import dev.numberregistry.api.kafka.KafkaReachability;
import dev.numberregistry.api.kafka.StreamThreadFailures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * What health says, as metrics, so that alerts need no probe of their own:
 * <ul>
 *   <li>{@code registry_ready}: 1 while {@code /health/readiness} is UP, else 0 (checked every second);</li>
 *   <li>{@code registry_kafka_reachable}: 1 while the Kafka cluster answered its latest question,
 *       else 0;</li>
 *   <li>{@code registry_stream_thread_failures_total}: stream threads that failed (and were
 *       replaced) since the registry started.</li>
 * </ul>
 */
@Context
class HealthMeters {

    HealthMeters(MeterRegistry registry, Readiness readiness, KafkaReachability kafka, StreamThreadFailures failures) {
        Gauge.builder("registry.ready", readiness, r -> r.lastChecked() ? 1 : 0)
                .description("1 while /health/readiness is UP: the registry answers queries and reaches Kafka")
                .register(registry);
        Gauge.builder("registry.kafka.reachable", kafka,
                        k -> k.last().filter(KafkaReachability.Contact::reachable).isPresent() ? 1 : 0)
                .description("1 while the Kafka cluster answered the registry's latest question")
                .register(registry);
        FunctionCounter.builder("registry.stream.thread.failures", failures, StreamThreadFailures::count)
                .description("Stream threads that failed, and were replaced, since the registry started")
                .register(registry);
    }
}
