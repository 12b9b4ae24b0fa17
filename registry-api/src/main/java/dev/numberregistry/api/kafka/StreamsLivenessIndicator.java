package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.StreamsSettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The topology's health, part of {@code /health}: DOWN when Kafka Streams stopped or failed, and
 * for a while after any stream thread failed (see {@link StreamsSettings#getThreadFailureMemory}),
 * since a replaced thread that fails again on the same work would otherwise look alive.
 */
@Singleton
class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final RunningStreams running;
    private final StreamThreadFailures failures;
    private final Duration memory;
    private final Clock clock;

    StreamsHealthIndicator(RunningStreams running, StreamThreadFailures failures, StreamsSettings settings,
                           Clock clock) {
        this.running = running;
        this.failures = failures;
        this.memory = settings.getThreadFailureMemory();
        this.clock = clock;
    }

    @Override
    protected String getName() {
        return "streams";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<RunningStreams.Started> started = running.started();
        if (started.isEmpty()) {
            // Starting: the topology waits for the HTTP port it advertises.
            healthStatus = HealthStatus.UNKNOWN;
            details.put("state", "STARTING");
            return details;
        }
        KafkaStreams.State state = started.get().streams().state();
        details.put("state", state.name());
        healthStatus = DEAD.contains(state) ? HealthStatus.DOWN : HealthStatus.UP;
        failures.lastSince(clock.instant().minus(memory)).ifPresent(failure -> {
            healthStatus = HealthStatus.DOWN;
            details.put("lastThreadFailure", Map.of("at", failure.at().toString(), "thread", failure.thread(),
                    "error", failure.error()));
            details.put("threadFailures", failure.count());
        });
        return details;
    }
}
