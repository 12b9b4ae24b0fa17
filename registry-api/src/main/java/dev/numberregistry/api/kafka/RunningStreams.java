package dev.numberregistry.api.kafka;

import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The application's running topology. Stopping waits at most the configured time (an unbounded
 * close can hang for minutes when the brokers are already gone) and leaves the consumer group,
 * so that a restarted or remaining instance takes the partitions over at once instead of after
 * the session timeout.
 */
public final class RunningStreams {

    private final KafkaStreams streams;
    private final Duration closeTimeout;

    RunningStreams(KafkaStreams streams, Duration closeTimeout) {
        this.streams = streams;
        this.closeTimeout = closeTimeout;
    }

    public KafkaStreams streams() {
        return streams;
    }

    void stop() {
        streams.close(CloseOptions.timeout(closeTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
