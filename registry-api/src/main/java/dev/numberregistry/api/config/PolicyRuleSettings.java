package dev.numberregistry.api.config;

import dev.numberregistry.core.event.PlanType;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyRule;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.List;

/**
 * One named rule under {@code registry.policy-rules}: a prefix, optionally a plan type, and the
 * periods that differ from the default policy (the ones left out are the default's).
 */
@EachProperty("registry.policy-rules")
public class PolicyRuleSettings {

    private final String name;
    private String prefix;
    private PlanType planType;
    private Duration gracePeriod;
    private Duration quarantinePeriod;
    private Boolean recycleOnGraceExpiry;
    private List<Duration> reminderLeadTimes;

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

    public Duration getGracePeriod() {
        return gracePeriod;
    }

    public void setGracePeriod(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    public Duration getQuarantinePeriod() {
        return quarantinePeriod;
    }

    public void setQuarantinePeriod(Duration quarantinePeriod) {
        this.quarantinePeriod = quarantinePeriod;
    }

    public Boolean getRecycleOnGraceExpiry() {
        return recycleOnGraceExpiry;
    }

    public void setRecycleOnGraceExpiry(Boolean recycleOnGraceExpiry) {
        this.recycleOnGraceExpiry = recycleOnGraceExpiry;
    }

    public List<Duration> getReminderLeadTimes() {
        return reminderLeadTimes;
    }

    public void setReminderLeadTimes(List<Duration> reminderLeadTimes) {
        this.reminderLeadTimes = reminderLeadTimes;
    }

    PolicyRule toRule(LifecyclePolicy defaults) {
        try {
            return new PolicyRule(prefix, planType, new LifecyclePolicy(
                    gracePeriod != null ? gracePeriod : defaults.gracePeriod(),
                    quarantinePeriod != null ? quarantinePeriod : defaults.quarantinePeriod(),
                    recycleOnGraceExpiry != null ? recycleOnGraceExpiry : defaults.recycleOnGraceExpiry(),
                    reminderLeadTimes != null ? reminderLeadTimes : defaults.reminderLeadTimes()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registry.policy-rules." + name + ": " + e.getMessage(), e);
        }
    }
}
