package dev.numberregistry.api.camara;

import dev.numberregistry.api.kafka.RunningStreams;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many instances of the registry share the work, as Kafka Streams knows its group's members:
 * each instance grants a client its share of a quota. Asked again at most once a second, since a
 * check must not pay for it.
 */
@Singleton
class RegistryInstances {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final RunningStreams running;
    private final Clock clock;
    private volatile Counted last = new Counted(1, Instant.MIN);

    RegistryInstances(RunningStreams running, Clock clock) {
        this.running = running;
        this.clock = clock;
    }

    private record Counted(int instances, Instant at) {
    }

    /** At least 1: this instance, while the group is not known yet. */
    int count() {
        Instant now = clock.instant();
        Counted counted = last;
        if (counted.at().plus(FRESH_FOR).isAfter(now)) {
            return counted.instances();
        }
        int instances = running.started()
                .map(started -> started.streams().metadataForAllStreamsClients().size())
                .filter(members -> members > 0)
                .orElse(1);
        last = new Counted(instances, now);
        return instances;
    }
}
