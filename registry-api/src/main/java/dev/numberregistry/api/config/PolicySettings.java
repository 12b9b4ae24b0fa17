package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import io.micronaut.context.annotation.ConfigurationProperties;

/** The policy for numbers that no rule in {@code registry.policy-rules} matches. */
@ConfigurationProperties("registry.policy")
public class PolicySettings extends PolicyPeriodSettings {

    public LifecyclePolicy toPolicy() {
        try {
            return over(LifecyclePolicy.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registry.policy: " + e.getMessage(), e);
        }
    }
}
