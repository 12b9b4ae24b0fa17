package dev.numberregistry.api.kafka;

import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;

/**
 * A health indicator of the registry, asked by the probes, the ready banner and the metrics at
 * once: Micronaut's base class keeps the status it works out in a field, so one evaluation runs at
 * a time.
 */
public abstract class RegistryHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    @Override
    protected synchronized HealthResult getHealthResult() {
        return super.getHealthResult();
    }
}
