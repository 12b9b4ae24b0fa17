package dev.numberregistry.api.query;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.RegistryHealthIndicator;
import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.streams.RegistryStores;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Whether this instance answers queries now, part of {@code /health/readiness}: UP only while the
 * topology is RUNNING, every partition of the event log has a known owner (so a query can be
 * answered here or forwarded), and the stores of the partitions this instance owns can be read.
 * DOWN while starting, restoring or rebalancing, when a query would get 503 {@code NOT_READY}.
 */
@Singleton
@Readiness
class QueriesReadinessIndicator extends RegistryHealthIndicator {

    private final RunningStreams running;
    private final String eventsTopic;

    QueriesReadinessIndicator(RunningStreams running, TopicSettings topics) {
        this.running = running;
        this.eventsTopic = topics.getEvents();
    }

    @Override
    protected String getName() {
        return "queries";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        healthStatus = HealthStatus.DOWN;
        try {
            RunningStreams.Started started = KeyOwners.serving(running);
            KafkaStreams streams = started.streams();
            Map<HostInfo, SortedSet<Integer>> assignment = KeyOwners.assignment(streams, eventsTopic);
            SortedSet<Integer> owned = new TreeSet<>();
            assignment.values().forEach(owned::addAll);
            SortedSet<Integer> local = assignment.getOrDefault(started.self(), new TreeSet<>());
            details.put("partitions", running.eventPartitions());
            details.put("ownedHere", local);
            SortedSet<Integer> unowned = new TreeSet<>();
            IntStream.range(0, running.eventPartitions()).filter(p -> !owned.contains(p))
                    .forEach(unowned::add);
            if (!unowned.isEmpty()) {
                details.put("reason", "no instance owns partitions " + unowned + " of " + eventsTopic
                        + " yet: the registry is rebalancing");
                return details;
            }
            for (int partition : local) {
                // Reading is what tells: the store handle itself is looked up lazily.
                LocalStores.store(streams, RegistryStores.NUMBER_STATE, partition).approximateNumEntries();
            }
            healthStatus = HealthStatus.UP;
        } catch (RegistryNotReadyException e) {
            details.put("reason", e.getMessage());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            details.put("reason", "the registry's stores are being restored or rebalanced: " + e.getMessage());
        }
        return details;
    }
}
