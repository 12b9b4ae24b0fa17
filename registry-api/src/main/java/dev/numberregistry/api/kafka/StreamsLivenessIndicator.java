package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.StreamsSettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the topology is alive, part of {@code /health/liveness}: DOWN only when Kafka Streams
 * has stopped or failed for good (ERROR, NOT_RUNNING), which only a restart mends. Starting,
 * rebalancing and an unreachable cluster are no reason to restart: readiness tells those.
 *
 * <p>A stream thread that failed is replaced at once, so it does not make liveness DOWN; the
 * details show the latest failure for {@link StreamsSettings#getThreadFailureMemory} and how many
 * there have been, and the metric {@code registry_stream_thread_failures_total} counts them all.
 */
@Singleton
@Liveness
class StreamsLivenessIndicator extends RegistryHealthIndicator {

    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final RunningStreams running;
    private final StreamThreadFailures failures;
    private final Duration memory;
    private final Clock clock;

    StreamsLivenessIndicator(RunningStreams running, StreamThreadFailures failures, StreamsSettings settings,
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
        // Before it starts, the topology waits for the HTTP port it advertises: alive.
        KafkaStreams.State state = started.map(s -> s.streams().state()).orElse(null);
        details.put("state", state == null ? "STARTING" : state.name());
        healthStatus = state != null && DEAD.contains(state) ? HealthStatus.DOWN : HealthStatus.UP;
        details.put("threadFailures", failures.count());
        failures.lastSince(clock.instant().minus(memory)).ifPresent(failure ->
                details.put("lastThreadFailure", Map.of("at", failure.at().toString(), "thread", failure.thread(),
                        "error", failure.error())));
        return details;
    }
}
