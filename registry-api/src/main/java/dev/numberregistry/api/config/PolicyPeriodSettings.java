package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import java.time.Duration;
import java.util.List;

/**
 * The periods of a lifecycle policy as configured; one left unset is taken from the policy it
 * overrides. Shared by the default policy and the rules under {@code registry.policy-rules}.
 */
public class PolicyPeriodSettings {

    private Duration gracePeriod;
    private Duration quarantinePeriod;
    private Boolean recycleOnGraceExpiry;
    private List<Duration> reminderLeadTimes;

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

    /** The policy these settings make of {@code overridden}. */
    protected LifecyclePolicy over(LifecyclePolicy overridden) {
        return new LifecyclePolicy(
                gracePeriod != null ? gracePeriod : overridden.gracePeriod(),
                quarantinePeriod != null ? quarantinePeriod : overridden.quarantinePeriod(),
                recycleOnGraceExpiry != null ? recycleOnGraceExpiry : overridden.recycleOnGraceExpiry(),
                reminderLeadTimes != null ? reminderLeadTimes : overridden.reminderLeadTimes());
    }
}
