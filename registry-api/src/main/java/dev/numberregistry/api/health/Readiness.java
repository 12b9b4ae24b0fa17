package dev.numberregistry.api.health;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What {@code /health/readiness} says: UP while the registry answers queries and reaches Kafka
 * (see the readiness indicators). The {@code registry_ready} metric reads it here, so that it never
 * tells otherwise than the probe, and the first UP is published ({@link RegistryReady}) for the
 * ready banner. Checked every second, and a change is logged once the registry has been ready,
 * with the indicators that say DOWN.
 */
@Singleton
public class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    /** The indicators answer from what they hold; this bounds a surprise. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HealthEndpoint health;
    private final ApplicationEventPublisher<RegistryReady> firstReady;
    private volatile boolean ready;
    private boolean everReady;

    Readiness(HealthEndpoint health, ApplicationEventPublisher<RegistryReady> firstReady) {
        this.health = health;
        this.firstReady = firstReady;
    }

    /** Asks the readiness indicators now. Blocks: not for an event loop, which reads {@link #lastChecked}. */
    public synchronized boolean check() {
        HealthResult result = Mono.from(health.getHealth(null, HealthCheckType.READINESS)).block(TIMEOUT);
        boolean now = result != null && HealthStatus.UP.equals(result.getStatus());
        if (everReady && ready && !now) {
            LOG.warn("The registry is not ready: {} say DOWN (see /health/readiness)", down(result));
        } else if (everReady && !ready && now) {
            LOG.info("The registry is ready again");
        }
        if (!everReady && now) {
            everReady = true;
            firstReady.publishEvent(new RegistryReady());
        }
        ready = now;
        return now;
    }

    /** The answer of the latest check, at most about a second old. */
    public boolean lastChecked() {
        return ready;
    }

    @Scheduled(fixedDelay = "1s")
    void recheck() {
        check();
    }

    private static List<String> down(HealthResult result) {
        if (result == null || !(result.getDetails() instanceof Map<?, ?> indicators)) {
            return List.of("the indicators");
        }
        return indicators.entrySet().stream()
                .filter(entry -> entry.getValue() instanceof HealthResult indicator
                        && !HealthStatus.UP.equals(indicator.getStatus()))
                .map(entry -> String.valueOf(entry.getKey())).toList();
    }
}
