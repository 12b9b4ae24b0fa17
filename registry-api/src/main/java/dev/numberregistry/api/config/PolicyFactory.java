package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

@Factory
class PolicyFactory {

    /**
     * @param coverageStart {@code registry.coverage-start}: from when the registry has seen every
     *                      event of every number; unset, each number is covered from its first event
     */
    @Singleton
    PolicyBook policyBook(PolicySettings defaults, List<PolicyRuleSettings> rules,
                          @Nullable @Property(name = "registry.coverage-start") Instant coverageStart) {
        LifecyclePolicy defaultPolicy = defaults.toPolicy();
        return new PolicyBook(defaultPolicy, rules.stream().map(rule -> rule.toRule(defaultPolicy)).toList(),
                coverageStart);
    }
}
