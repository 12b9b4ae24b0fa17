package dev.numberregistry.api.query;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.streams.DeadlineIndex;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.codec.StateMapping;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What is coming: the numbers whose next deadline falls before a time, soonest first. Each
 * instance reads the deadline index of each partition it owns and merges them; the instance asked
 * gathers the first entries of every instance (its own, and the others' over their internal
 * endpoint) and merges those. Never scans all numbers.
 */
@Singleton
public class UpcomingDeadlines {

    private final RunningStreams running;
    private final Deadlines deadlines;
    private final String eventsTopic;
    private final PeerClient peers;
    private final Duration longestLead;

    UpcomingDeadlines(RunningStreams running, PolicyBook policies, TopicSettings topics, PeerClient peers) {
        this.running = running;
        this.deadlines = new Deadlines(policies);
        this.eventsTopic = topics.getEvents();
        this.peers = peers;
        this.longestLead = policies.longestReminderLead();
    }

    /** One number's coming deadline, and the index key that pages on from it. */
    @Serdeable
    public record Upcoming(String number, NumberStatus status, DeadlineKind kind, Instant deadline, String key) {
    }

    /**
     * The first coming deadlines of every partition, wherever it is. While an instance cannot
     * answer, or the partitions are moving, nobody can say for sure: 503, never a partial list.
     *
     * @param status   only deadlines of numbers in this status; empty for all
     * @param afterKey the key of the last entry of the previous page; null for the first page
     */
    public List<Upcoming> before(Instant before, Optional<NumberStatus> status, String afterKey, int limit) {
        RunningStreams.Started started = KeyOwners.serving(running);
        KafkaStreams streams = started.streams();
        HostInfo self = started.self();
        Map<HostInfo, SortedSet<Integer>> assignment = KeyOwners.assignment(streams, eventsTopic);
        if (assignment.isEmpty()) {
            throw new RegistryNotReadyException("no instance owns any partition right now: the registry is rebalancing");
        }
        // Keys are unique across partitions; a partition answered twice while it moves gives the same entries.
        Map<String, Upcoming> merged = new TreeMap<>();
        assignment.forEach((instance, partitions) -> {
            InternalApi.DeadlinesAnswer answer = instance.equals(self)
                    ? local(before, status, afterKey, limit)
                    : peers.deadlines(instance, before, status, afterKey, limit);
            if (!answer.partitions().containsAll(partitions)) {
                throw new RegistryNotReadyException("partitions are moving between instances: " + instance
                        + " was to answer for " + partitions + " and answered for " + answer.partitions());
            }
            answer.items().forEach(item -> merged.putIfAbsent(item.key(), item));
        });
        // Each instance gave the first entries of its partitions: the first of all are among them.
        return merged.values().stream().limit(limit).toList();
    }

    /** The first coming deadlines of the partitions this instance owns, and which partitions those are. */
    public InternalApi.DeadlinesAnswer local(Instant before, Optional<NumberStatus> status, String afterKey, int limit) {
        KafkaStreams streams = KeyOwners.serving(running).streams();
        List<Integer> partitions = localPartitions(streams);
        List<Upcoming> found = new ArrayList<>();
        try {
            for (int partition : partitions) {
                ReadOnlyKeyValueStore<String, String> index = LocalStores.store(streams, RegistryStores.DEADLINES, partition);
                ReadOnlyKeyValueStore<String, NumberState> states = LocalStores.store(streams, RegistryStores.NUMBER_STATE, partition);
                found.addAll(pageOf(index, states, before, status, afterKey, limit));
            }
        } catch (InvalidStateStoreException e) {
            throw LocalStores.notReady(e);
        }
        return new InternalApi.DeadlinesAnswer(partitions,
                found.stream().sorted(Comparator.comparing(Upcoming::key)).limit(limit).toList());
    }

    /**
     * The first ends of states before {@code before}, after {@code afterKey}, in one partition. The
     * index holds each number's next deadline, often a reminder ahead of the end it reminds of, and
     * an end lies at most the longest reminder lead after its number's entry: the walk starts that
     * far before the page's start, reads each entry's state for its end, and stops once no later
     * entry can give an end among the first {@code limit}.
     */
    private List<Upcoming> pageOf(ReadOnlyKeyValueStore<String, String> index,
                                  ReadOnlyKeyValueStore<String, NumberState> states, Instant before,
                                  Optional<NumberStatus> status, String afterKey, int limit) {
        TreeMap<String, Upcoming> page = new TreeMap<>();
        String cursor = afterKey == null ? null
                : DeadlineIndex.keyAt(DeadlineIndex.timeOf(afterKey).minus(longestLead));
        while (true) {
            List<DeadlineIndex.Entry> entries = DeadlineIndex.entriesBefore(index, before.toEpochMilli(), cursor, limit);
            for (DeadlineIndex.Entry entry : entries) {
                if (page.size() >= limit && entry.key().compareTo(page.lastKey()) > 0) {
                    return List.copyOf(page.values());
                }
                endOf(entry.e164(), states)
                        .filter(end -> end.deadline().isBefore(before))
                        .filter(end -> afterKey == null || end.key().compareTo(afterKey) > 0)
                        .filter(end -> status.isEmpty() || status.get() == end.status())
                        .ifPresent(end -> page.put(end.key(), end));
                while (page.size() > limit) {
                    page.pollLastEntry();
                }
            }
            if (entries.size() < limit) {
                return List.copyOf(page.values());
            }
            cursor = entries.get(entries.size() - 1).key();
        }
    }

    /** The deadline that ends a number's current state (not a reminder), if one is pending. */
    private Optional<Upcoming> endOf(String e164, ReadOnlyKeyValueStore<String, NumberState> states) {
        NumberState stored = states.get(e164);
        if (stored == null) {
            return Optional.empty();
        }
        dev.numberregistry.core.state.NumberState state = StateMapping.toDomain(stored);
        return deadlines.of(state).stream().filter(deadline -> !deadline.kind().isReminder()).findFirst()
                .map(end -> new Upcoming(e164, state.status(), end.kind(), end.at(), DeadlineIndex.key(e164, end)));
    }

    private List<Integer> localPartitions(KafkaStreams streams) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                partitions.addAll(task.topicPartitions());
            }
        }
        return eventPartitions(partitions).stream().sorted().toList();
    }

    /** The partitions of the event log among these: the stores' partitions. */
    private Set<Integer> eventPartitions(Set<TopicPartition> partitions) {
        Set<Integer> found = new HashSet<>();
        for (TopicPartition partition : partitions) {
            if (partition.topic().equals(eventsTopic)) {
                found.add(partition.partition());
            }
        }
        return found;
    }
}
