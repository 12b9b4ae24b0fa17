package dev.numberregistry.api.query;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.web.RegistryNotReadyException;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.streams.DeadlineIndex;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.codec.StateMapping;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What is coming: the numbers whose next deadline falls before a time, soonest first. Reads the
 * deadline index of each partition this instance owns and merges them; never scans all numbers.
 */
@Singleton
public class UpcomingDeadlines {

    private final RunningStreams running;
    private final Deadlines deadlines;

    UpcomingDeadlines(RunningStreams running, PolicyBook policies) {
        this.running = running;
        this.deadlines = new Deadlines(policies);
    }

    /** One number's coming deadline, and the index key that pages on from it. */
    public record Upcoming(String number, NumberStatus status, DeadlineKind kind, Instant deadline, String key) {
    }

    /**
     * @param status   only deadlines of numbers in this status; empty for all
     * @param afterKey the key of the last entry of the previous page; null for the first page
     */
    public List<Upcoming> before(Instant before, Optional<NumberStatus> status, String afterKey, int limit) {
        KafkaStreams streams = running.streams();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new RegistryNotReadyException("the registry is " + streams.state() + ", not yet serving queries");
        }
        List<Upcoming> found = new ArrayList<>();
        try {
            for (int partition : localPartitions(streams)) {
                ReadOnlyKeyValueStore<String, String> index = store(streams, RegistryStores.DEADLINES, partition);
                ReadOnlyKeyValueStore<String, NumberState> states = store(streams, RegistryStores.NUMBER_STATE, partition);
                found.addAll(pageOf(index, states, before, status, afterKey, limit));
            }
        } catch (InvalidStateStoreException e) {
            throw new RegistryNotReadyException("the registry's stores are being restored or rebalanced: "
                    + e.getMessage(), e);
        }
        // Each partition gave its own first entries: the first of all are among them.
        return found.stream().sorted(Comparator.comparing(Upcoming::key)).limit(limit).toList();
    }

    private List<Upcoming> pageOf(ReadOnlyKeyValueStore<String, String> index,
                                  ReadOnlyKeyValueStore<String, NumberState> states, Instant before,
                                  Optional<NumberStatus> status, String afterKey, int limit) {
        List<Upcoming> page = new ArrayList<>();
        String cursor = afterKey;
        while (page.size() < limit) {
            List<DeadlineIndex.Entry> entries = DeadlineIndex.entriesBefore(index, before.toEpochMilli(), cursor, limit);
            for (DeadlineIndex.Entry entry : entries) {
                upcoming(entry, states).filter(found -> status.isEmpty() || status.get() == found.status())
                        .ifPresent(page::add);
            }
            if (entries.size() < limit) {
                break;
            }
            cursor = entries.get(entries.size() - 1).key();
        }
        return page;
    }

    /** A deadline that ends a state (not a reminder), still pending in the number's current state. */
    private Optional<Upcoming> upcoming(DeadlineIndex.Entry entry, ReadOnlyKeyValueStore<String, NumberState> states) {
        Deadline deadline = entry.deadline();
        if (deadline.kind().isReminder()) {
            return Optional.empty();
        }
        NumberState stored = states.get(entry.e164());
        if (stored == null) {
            return Optional.empty();
        }
        dev.numberregistry.core.state.NumberState state = StateMapping.toDomain(stored);
        if (!deadlines.isPending(state, deadline)) {
            return Optional.empty();
        }
        return Optional.of(new Upcoming(entry.e164(), state.status(), deadline.kind(), deadline.at(), entry.key()));
    }

    private static List<Integer> localPartitions(KafkaStreams streams) {
        List<Integer> partitions = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().map(TopicPartition::partition).forEach(partitions::add);
            }
        }
        return partitions;
    }

    private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
