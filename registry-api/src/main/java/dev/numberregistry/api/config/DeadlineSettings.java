package dev.numberregistry.api.config;

import dev.numberregistry.streams.DeadlineSweep;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** How the registry keeps time: see {@link DeadlineSweep}. */
@ConfigurationProperties("registry.deadlines")
public class DeadlineSettings {

    private Duration sweepInterval = DeadlineSweep.DEFAULT.interval();
    private Duration maxSweepTime = DeadlineSweep.DEFAULT.maxSweepTime();
    private Duration replayMargin = DeadlineSweep.DEFAULT.replayMargin();
    private Duration idleAfter = DeadlineSweep.DEFAULT.idleAfter();

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Duration getMaxSweepTime() {
        return maxSweepTime;
    }

    public void setMaxSweepTime(Duration maxSweepTime) {
        this.maxSweepTime = maxSweepTime;
    }

    public Duration getReplayMargin() {
        return replayMargin;
    }

    public void setReplayMargin(Duration replayMargin) {
        this.replayMargin = replayMargin;
    }

    public Duration getIdleAfter() {
        return idleAfter;
    }

    public void setIdleAfter(Duration idleAfter) {
        this.idleAfter = idleAfter;
    }

    public DeadlineSweep toSweep() {
        return new DeadlineSweep(sweepInterval, maxSweepTime, replayMargin, idleAfter);
    }
}
