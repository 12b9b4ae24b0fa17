package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyRule;
import dev.numberregistry.core.state.PlanType;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * One named rule under {@code registry.policy-rules}: a prefix, optionally a plan type, and the
 * periods that differ from the default policy (the ones left out are the default's).
 */
@EachProperty("registry.policy-rules")
public class PolicyRuleSettings extends PolicyPeriodSettings {

    private final String name;
    private String prefix;
    private PlanType planType;

    public PolicyRuleSettings(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public PlanType getPlanType() {
        return planType;
    }

    public void setPlanType(PlanType planType) {
        this.planType = planType;
    }

    PolicyRule toRule(LifecyclePolicy defaults) {
        try {
            return new PolicyRule(prefix, planType, over(defaults));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registry.policy-rules." + name + ": " + e.getMessage(), e);
        }
    }
}
