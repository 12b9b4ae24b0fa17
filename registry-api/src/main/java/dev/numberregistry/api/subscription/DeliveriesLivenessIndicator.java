package dev.numberregistry.api.subscription;

import dev.numberregistry.api.kafka.RegistryHealthIndicator;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the deliveries to subscribers' sinks go on, part of {@code /health/liveness}: DOWN once
 * they stopped for good, which only a restart mends. A failing sink is no reason: it is retried,
 * then suspended (see the {@code registry_deliveries} metrics and {@code GET /subscriptions}).
 */
@Singleton
@Liveness
class DeliveriesLivenessIndicator extends RegistryHealthIndicator {

    private final DeliveryDispatcher dispatcher;

    DeliveriesLivenessIndicator(DeliveryDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected String getName() {
        return "deliveries";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        healthStatus = dispatcher.stoppedBy().isPresent() ? HealthStatus.DOWN : HealthStatus.UP;
        dispatcher.stoppedBy().ifPresent(reason -> details.put("stoppedBy", reason));
        return details;
    }
}
