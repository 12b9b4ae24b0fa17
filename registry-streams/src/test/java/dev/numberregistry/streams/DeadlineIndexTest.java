package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deadline index on its own: what a sweep finds, and when it need not read the store at all. */
class DeadlineIndexTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final String ALICE = "+919876543210";
    private static final String BOB = "+14155552671";
    private static final Instant VALID_UNTIL = NOW.plus(Duration.ofDays(30));

    @TempDir
    Path stateDir;

    private KeyValueStore<String, String> store;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private DeadlineIndex index;

    @BeforeEach
    void openStore() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "deadline-index-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0),
                stateDir.toFile());
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RegistryStores.DEADLINES),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        index = new DeadlineIndex(countingReads(store));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void findsWhatIsDueOldestFirstAndLeavesWhatIsToCome() {
        index.replace(ALICE, List.of(), List.of(validityEnd(NOW.plusSeconds(60))));
        index.replace(BOB, List.of(), List.of(validityEnd(NOW.minusSeconds(60))));

        assertThat(index.due(NOW, 500)).extracting(DeadlineIndex.Entry::e164).containsExactly(BOB);
        assertThat(index.due(NOW.plusSeconds(60), 500)).extracting(DeadlineIndex.Entry::e164)
                .containsExactly(ALICE);
    }

    @Test
    void aSweepWithNothingDueReadsNothingUntilTheNextDeadline() {
        index.replace(ALICE, List.of(), List.of(validityEnd(NOW.plus(Duration.ofDays(30)))));
        assertThat(index.due(NOW, 500)).isEmpty();
        int readsAfterFirstSweep = reads.get();
        assertThat(readsAfterFirstSweep).as("the first sweep looks").isPositive();

        for (int sweep = 1; sweep <= 1_000; sweep++) {
            assertThat(index.due(NOW.plusSeconds(sweep), 500)).isEmpty();
        }

        assertThat(reads.get()).isEqualTo(readsAfterFirstSweep);
        assertThat(index.due(NOW.plus(Duration.ofDays(30)), 500)).extracting(DeadlineIndex.Entry::e164)
                .containsExactly(ALICE);
    }

    @Test
    void aDeadlineAddedBeforeTheKnownNextOneIsStillFound() {
        index.replace(ALICE, List.of(), List.of(validityEnd(NOW.plus(Duration.ofDays(30)))));
        assertThat(index.due(NOW, 500)).isEmpty();

        index.replace(BOB, List.of(), List.of(validityEnd(NOW.plusSeconds(10))));

        assertThat(index.due(NOW.plusSeconds(10), 500)).extracting(DeadlineIndex.Entry::e164).containsExactly(BOB);
    }

    @Test
    void aWithdrawnNextDeadlineCostsOneLookThatFindsNothing() {
        Deadline soon = validityEnd(NOW.plusSeconds(10));
        index.replace(ALICE, List.of(), List.of(soon));
        index.replace(BOB, List.of(), List.of(validityEnd(NOW.plus(Duration.ofDays(30)))));
        assertThat(index.due(NOW, 500)).isEmpty();

        // A top-up moved it: the index only knows that its next deadline may be earlier than Bob's.
        index.replace(ALICE, List.of(soon), List.of(validityEnd(NOW.plus(Duration.ofDays(60)))));

        int readsBeforeTheLook = reads.get();
        assertThat(index.due(NOW.plusSeconds(10), 500)).isEmpty();
        int readsAfterTheLook = reads.get();
        assertThat(readsAfterTheLook - readsBeforeTheLook).isEqualTo(1);
        assertThat(index.due(NOW.plusSeconds(20), 500)).isEmpty();
        assertThat(reads.get()).isEqualTo(readsAfterTheLook);
        assertThat(index.due(NOW.plus(Duration.ofDays(30)), 500)).extracting(DeadlineIndex.Entry::e164)
                .containsExactly(BOB);
    }

    @Test
    void aFloodIsReadPageByPage() {
        for (int i = 0; i < 1_200; i++) {
            index.replace("+1415555" + String.format("%04d", i), List.of(), List.of(validityEnd(NOW.minusSeconds(i))));
        }

        int pages = 0;
        int found = 0;
        List<DeadlineIndex.Entry> page;
        while (!(page = index.due(NOW, 500)).isEmpty()) {
            page.forEach(index::remove);
            found += page.size();
            pages++;
        }

        assertThat(found).isEqualTo(1_200);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aNumberHasOneEntryAtItsNextDeadline() {
        index.replace(ALICE, List.of(), validityDeadlines(VALID_UNTIL));

        assertThat(entries()).containsExactly(reminder(VALID_UNTIL, 7));
    }

    @Test
    void aTopUpMovesTheOneEntryWithOneDeleteAndOnePut() {
        index.replace(ALICE, List.of(), validityDeadlines(VALID_UNTIL));
        writes.set(0);

        index.replace(ALICE, validityDeadlines(VALID_UNTIL), validityDeadlines(VALID_UNTIL.plus(Duration.ofDays(30))));

        assertThat(writes.get()).isEqualTo(2);
        assertThat(entries()).containsExactly(reminder(VALID_UNTIL.plus(Duration.ofDays(30)), 7));
    }

    @Test
    void aStateThatKeepsItsDeadlinesWritesNothing() {
        index.replace(ALICE, List.of(), validityDeadlines(VALID_UNTIL));
        writes.set(0);

        index.replace(ALICE, validityDeadlines(VALID_UNTIL), validityDeadlines(VALID_UNTIL));

        assertThat(writes.get()).isZero();
    }

    @Test
    void aFiredReminderGivesWayToTheNextDeadlineAndIsNotPutBackByALaterChange() {
        index.replace(ALICE, List.of(), validityDeadlines(VALID_UNTIL));
        DeadlineIndex.Entry weekBefore = index.due(VALID_UNTIL.minus(Duration.ofDays(7)), 500).get(0);
        index.remove(weekBefore);

        index.advance(weekBefore, validityDeadlines(VALID_UNTIL));
        assertThat(entries()).containsExactly(reminder(VALID_UNTIL, 1));

        // A flag, say: the state changes, its deadlines do not.
        index.replace(ALICE, validityDeadlines(VALID_UNTIL), validityDeadlines(VALID_UNTIL));
        assertThat(entries()).containsExactly(reminder(VALID_UNTIL, 1));

        DeadlineIndex.Entry dayBefore = index.due(VALID_UNTIL.minus(Duration.ofDays(1)), 500).get(0);
        index.remove(dayBefore);
        index.advance(dayBefore, validityDeadlines(VALID_UNTIL));
        assertThat(entries()).containsExactly(validityEnd(VALID_UNTIL));
    }

    @Test
    void theEndFiredAndDecidedGivesWayToTheNewStatesFirstDeadline() {
        index.replace(ALICE, List.of(), List.of(validityEnd(VALID_UNTIL)));
        DeadlineIndex.Entry end = index.due(VALID_UNTIL, 500).get(0);
        index.remove(end);
        Instant graceEnds = VALID_UNTIL.plus(Duration.ofDays(30));

        index.replace(ALICE, List.of(validityEnd(VALID_UNTIL)), List.of(reminderOf(graceEnds, DeadlineKind.GRACE_REMINDER, 7),
                new Deadline(graceEnds, DeadlineKind.GRACE_END, graceEnds, Duration.ZERO)));

        assertThat(entries()).containsExactly(reminderOf(graceEnds, DeadlineKind.GRACE_REMINDER, 7));
    }

    @Test
    void anEntryWrittenUnderOtherReminderLeadTimesKeepsTheEndPending() {
        // Written when the policy reminded 3 days ahead; it now reminds 7 and 1 days ahead.
        index.replace(ALICE, List.of(), List.of(reminder(VALID_UNTIL, 3)));

        index.replace(ALICE, validityDeadlines(VALID_UNTIL), validityDeadlines(VALID_UNTIL));

        assertThat(entries()).containsExactly(reminder(VALID_UNTIL, 3), validityEnd(VALID_UNTIL));
        DeadlineIndex.Entry stale = index.due(VALID_UNTIL.minus(Duration.ofDays(3)), 500).get(0);
        index.remove(stale);
        index.advance(stale, validityDeadlines(VALID_UNTIL));
        assertThat(entries()).as("the day-before reminder, then the end").containsExactly(reminder(VALID_UNTIL, 1),
                validityEnd(VALID_UNTIL));
    }

    private List<Deadline> entries() {
        return DeadlineIndex.entriesBefore(store, Long.MAX_VALUE / 1_000_000, null, 100).stream()
                .map(DeadlineIndex.Entry::deadline).toList();
    }

    private static List<Deadline> validityDeadlines(Instant validUntil) {
        return List.of(reminder(validUntil, 7), reminder(validUntil, 1), validityEnd(validUntil));
    }

    private static Deadline reminder(Instant ends, int daysAhead) {
        return reminderOf(ends, DeadlineKind.VALIDITY_REMINDER, daysAhead);
    }

    private static Deadline reminderOf(Instant ends, DeadlineKind kind, int daysAhead) {
        Duration lead = Duration.ofDays(daysAhead);
        return new Deadline(ends.minus(lead), kind, ends, lead);
    }

    private static Deadline validityEnd(Instant at) {
        return new Deadline(at, DeadlineKind.VALIDITY_END, at, Duration.ZERO);
    }

    /** The store, counting the reads (range scans and gets) and the writes made through it. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, String> countingReads(KeyValueStore<String, String> target) {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (List.of("range", "get", "all", "prefixScan").contains(method.getName())) {
                        reads.incrementAndGet();
                    }
                    if (List.of("put", "delete", "putIfAbsent", "putAll").contains(method.getName())) {
                        writes.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
