package dev.numberregistry.api.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The application's running topology, and the address ({@code application.server}) it advertises
 * to the other instances of the registry. It starts as soon as that address is known: at once
 * when it is configured or the HTTP port is fixed, else when the HTTP server has its port.
 *
 * <p>Stopping waits at most the configured time (an unbounded close can hang for minutes when the
 * brokers are already gone) and leaves the consumer group, so that a restarted or remaining
 * instance takes the partitions over at once instead of after the session timeout.
 */
public final class RunningStreams {

    private final Function<HostInfo, KafkaStreams> launcher;
    private final int eventPartitions;
    private final Duration closeTimeout;
    private volatile Started started;
    private boolean stopped;

    /**
     * @param launcher        builds and starts the topology, advertising the given address
     * @param eventPartitions the event log's partitions: each has its owner among the instances
     */
    RunningStreams(Function<HostInfo, KafkaStreams> launcher, int eventPartitions, Duration closeTimeout) {
        this.launcher = launcher;
        this.eventPartitions = eventPartitions;
        this.closeTimeout = closeTimeout;
    }

    /**
     * The topology, and the address this instance advertises: the one query metadata names it by.
     * It may not be RUNNING yet (restoring, rebalancing) or any more (stopping).
     */
    public record Started(KafkaStreams streams, HostInfo self) {
    }

    /** How many partitions the event log has: the topology's tasks, and the owners a number may have. */
    public int eventPartitions() {
        return eventPartitions;
    }

    /** Empty until the topology has started: it waits for the HTTP port it advertises. */
    public Optional<Started> started() {
        return Optional.ofNullable(started);
    }

    /** Starts the topology advertising {@code self}; does nothing if it has started already or was stopped. */
    synchronized void start(HostInfo self) {
        if (started == null && !stopped) {
            started = new Started(launcher.apply(self), self);
        }
    }

    synchronized void stop() {
        stopped = true;
        if (started != null) {
            started.streams().close(CloseOptions.timeout(closeTimeout)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
