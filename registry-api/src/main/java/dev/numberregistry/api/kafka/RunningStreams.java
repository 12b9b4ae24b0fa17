package dev.numberregistry.api.kafka;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The application's running topology. Stopping waits at most the configured time: an unbounded
 * close can hang for minutes when the brokers are already gone.
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
        streams.close(closeTimeout);
    }
}
