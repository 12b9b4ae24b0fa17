package dev.numberregistry.api.config;

import dev.numberregistry.core.policy.LifecyclePolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/** The policy for numbers that no rule in {@code registry.policy-rules} matches. */
@ConfigurationProperties("registry.policy")
public class PolicySettings {

    private Duration gracePeriod = LifecyclePolicy.DEFAULT.gracePeriod();
    private Duration quarantinePeriod = LifecyclePolicy.DEFAULT.quarantinePeriod();
    private boolean recycleOnGraceExpiry = LifecyclePolicy.DEFAULT.recycleOnGraceExpiry();
    private List<Duration> reminderLeadTimes = LifecyclePolicy.DEFAULT.reminderLeadTimes();

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

    public boolean isRecycleOnGraceExpiry() {
        return recycleOnGraceExpiry;
    }

    public void setRecycleOnGraceExpiry(boolean recycleOnGraceExpiry) {
        this.recycleOnGraceExpiry = recycleOnGraceExpiry;
    }

    public List<Duration> getReminderLeadTimes() {
        return reminderLeadTimes;
    }

    public void setReminderLeadTimes(List<Duration> reminderLeadTimes) {
        this.reminderLeadTimes = reminderLeadTimes;
    }

    public LifecyclePolicy toPolicy() {
        return new LifecyclePolicy(gracePeriod, quarantinePeriod, recycleOnGraceExpiry, reminderLeadTimes);
    }
}
