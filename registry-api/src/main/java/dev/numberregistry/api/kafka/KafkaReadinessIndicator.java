package dev.numberregistry.api.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the Kafka cluster answers, part of {@code /health/readiness}: without it no event can
 * be taken, and the stores answer from a past that no longer moves. No reason to restart.
 */
@Singleton
@Readiness
class KafkaReadinessIndicator extends RegistryHealthIndicator {

    private final KafkaReachability reachability;

    KafkaReadinessIndicator(KafkaReachability reachability) {
        this.reachability = reachability;
    }

    @Override
    protected String getName() {
        return "kafka";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        reachability.last().ifPresentOrElse(contact -> {
            healthStatus = contact.reachable() ? HealthStatus.UP : HealthStatus.DOWN;
            details.put("checkedAt", contact.at().toString());
            if (contact.reachable()) {
                details.put("clusterId", contact.clusterId());
                details.put("brokers", contact.brokers());
            } else {
                details.put("error", contact.error());
            }
        }, () -> {
            healthStatus = HealthStatus.DOWN;
            details.put("error", "not asked yet");
        });
        return details;
    }
}
