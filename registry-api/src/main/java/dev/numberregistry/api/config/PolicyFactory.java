package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;

@Factory
class PolicyFactory {

    @Singleton
    PolicyBook policyBook(PolicySettings defaults, List<PolicyRuleSettings> rules) {
        LifecyclePolicy defaultPolicy = defaults.toPolicy();
        return new PolicyBook(defaultPolicy, rules.stream().map(rule -> rule.toRule(defaultPolicy)).toList());
    }
}
