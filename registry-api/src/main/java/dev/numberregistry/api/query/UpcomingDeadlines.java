package dev.numberregistry.api.query;

import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.streams.DeadlineIndex;
import dev.numberregistry.streams.RegistryStores;
import dev.numberregistry.streams.codec.StateMapping;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /** Entries of one partition's index read for a count (see BENCHMARKS.md, issue 16, for what that costs). */
    static final int COUNTED_PER_PARTITION = 500_000;
    private static final int PAGE = 10_000;

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
        // Keys are unique across partitions; a partition answered twice while it moves gives the same entries.
        Map<String, Upcoming> merged = new TreeMap<>();
        fromEveryInstance(() -> local(before, status, afterKey, limit),
                instance -> peers.deadlines(instance, before, status, afterKey, limit),
                InternalApi.DeadlinesAnswer::partitions)
                .forEach(answer -> answer.items().forEach(item -> merged.putIfAbsent(item.key(), item)));
        // Each instance gave the first entries of its partitions: the first of all are among them.
        return merged.values().stream().limit(limit).toList();
    }

    /**
     * How many numbers reach the end of their state (validity, grace or quarantine: not a reminder)
     * on each UTC day from {@code from} to {@code to}, in every partition wherever it is; as
     * {@link #before}, 503 rather than a partial count while an instance cannot answer. Each
     * partition reads at most {@link #COUNTED_PER_PARTITION} entries of its index: past that, only
     * the days before {@link DuePerDay#completeUntil} are counted, and those whole.
     */
    public DuePerDay perDay(Instant from, Instant to, Optional<NumberStatus> status) {
        Map<LocalDate, Long> days = new TreeMap<>();
        Instant completeUntil = null;
        for (InternalApi.DuePerDayAnswer answer : fromEveryInstance(() -> localPerDay(from, to, status),
                instance -> peers.deadlinesPerDay(instance, from, to, status),
                InternalApi.DuePerDayAnswer::partitions)) {
            answer.days().forEach(day -> days.merge(day.day(), day.count(), Long::sum));
            completeUntil = earliest(completeUntil, answer.completeUntil());
        }
        List<DayCount> counted = wholeDays(days, completeUntil);
        return new DuePerDay(counted, counted.stream().mapToLong(DayCount::count).sum(), completeUntil);
    }

    /** The ends counted per day in the partitions this instance owns, and which partitions those are. */
    public InternalApi.DuePerDayAnswer localPerDay(Instant from, Instant to, Optional<NumberStatus> status) {
        KafkaStreams streams = KeyOwners.serving(running).streams();
        List<Integer> partitions = localPartitions(streams);
        Map<LocalDate, Long> days = new TreeMap<>();
        Instant completeUntil = null;
        try {
            for (int partition : partitions) {
                ReadOnlyKeyValueStore<String, String> index = LocalStores.store(streams, RegistryStores.DEADLINES, partition);
                completeUntil = earliest(completeUntil,
                        countIn(index, from.minus(longestLead), from, to, status, COUNTED_PER_PARTITION, days));
            }
        } catch (InvalidStateStoreException e) {
            throw LocalStores.notReady(e);
        }
        return new InternalApi.DuePerDayAnswer(partitions,
                days.entrySet().stream().map(day -> new DayCount(day.getKey(), day.getValue())).toList(), completeUntil);
    }

    /**
     * Adds one partition's ends in {@code [from, to)} to {@code days}, from its index alone: each
     * number has one entry, its next deadline, which tells the end of its state and the status it
     * is in ({@link Deadline#stateEnd}, {@link DeadlineKind#pendingIn}), so no state is read. An end
     * lies at most the longest reminder lead after its number's entry: the walk starts at
     * {@code walkFrom}, that far before {@code from}. Reads at most {@code cap} entries. Returns null
     * when it read every entry; else the time of the last entry read, up to which the counts are
     * complete (an end's entry never comes after the end).
     */
    static Instant countIn(ReadOnlyKeyValueStore<String, String> index, Instant walkFrom, Instant from, Instant to,
                           Optional<NumberStatus> status, int cap, Map<LocalDate, Long> days) {
        String cursor = DeadlineIndex.keyAt(walkFrom);
        int read = 0;
        while (true) {
            List<DeadlineIndex.Entry> entries = DeadlineIndex.entriesBefore(index, to.toEpochMilli(), cursor,
                    Math.min(PAGE, cap - read));
            for (DeadlineIndex.Entry entry : entries) {
                Deadline end = entry.deadline().stateEnd();
                boolean inRange = !end.at().isBefore(from) && end.at().isBefore(to);
                if (inRange && (status.isEmpty() || status.get() == end.kind().pendingIn())) {
                    days.merge(LocalDate.ofInstant(end.at(), ZoneOffset.UTC), 1L, Long::sum);
                }
            }
            read += entries.size();
            if (entries.isEmpty() || read < cap && entries.size() < PAGE) {
                return null;
            }
            cursor = entries.get(entries.size() - 1).key();
            if (read >= cap) {
                return DeadlineIndex.timeOf(cursor);
            }
        }
    }

    /**
     * Asks every instance that owns partitions of the event log for its answer about them: this
     * one from its own stores, the others over their internal endpoint. Each must answer for all
     * the partitions it owns; if one does not (the partitions moved meanwhile), nobody can say for
     * sure and the registry says it is not ready.
     */
    private <A> List<A> fromEveryInstance(Supplier<A> here, Function<HostInfo, A> there,
                                          Function<A, List<Integer>> answeredFor) {
        RunningStreams.Started started = KeyOwners.serving(running);
        Map<HostInfo, SortedSet<Integer>> assignment = KeyOwners.assignment(started.streams(), eventsTopic);
        if (assignment.isEmpty()) {
            throw new RegistryNotReadyException("no instance owns any partition right now: the registry is rebalancing");
        }
        List<A> answers = new ArrayList<>();
        assignment.forEach((instance, partitions) -> {
            A answer = instance.equals(started.self()) ? here.get() : there.apply(instance);
            if (!answeredFor.apply(answer).containsAll(partitions)) {
                throw new RegistryNotReadyException("partitions are moving between instances: " + instance
                        + " was to answer for " + partitions + " and answered for " + answeredFor.apply(answer));
            }
            answers.add(answer);
        });
        return answers;
    }

    /**
     * The counted days, without those from the one a partition's reading stopped in: that day was
     * counted in part, and the later ones not at all, or in part.
     */
    static List<DayCount> wholeDays(Map<LocalDate, Long> days, Instant completeUntil) {
        LocalDate partial = completeUntil == null ? LocalDate.MAX : LocalDate.ofInstant(completeUntil, ZoneOffset.UTC);
        return days.entrySet().stream().filter(day -> day.getKey().isBefore(partial))
                .map(day -> new DayCount(day.getKey(), day.getValue())).toList();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** How many numbers reach the end of their state on one UTC day. */
    @Serdeable
    public record DayCount(LocalDate day, long count) {
    }

    /**
     * The ends per day, days without one left out.
     *
     * @param completeUntil null when every end in the range was counted; else the counts are complete
     *                      before this time only (the index held more than one request reads)
     */
    @Serdeable
    public record DuePerDay(List<DayCount> days, long total, @Nullable Instant completeUntil) {
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
