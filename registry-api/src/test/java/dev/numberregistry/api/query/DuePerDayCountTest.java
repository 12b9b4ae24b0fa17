package dev.numberregistry.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.streams.DeadlineIndex;
import dev.numberregistry.streams.RegistryStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ends per day, counted from a partition's deadline index alone (UpcomingDeadlines#countIn). */
class DuePerDayCountTest {

    private static final Instant DAY_ZERO = Instant.parse("2031-01-01T00:00:00Z");
    private static final Duration LONGEST_LEAD = Duration.ofDays(7);

    @TempDir
    Path stateDir;

    private KeyValueStore<String, String> index;
    private final Map<LocalDate, Long> days = new TreeMap<>();

    private static Instant day(int day) {
        return DAY_ZERO.plus(Duration.ofDays(day));
    }

    private static LocalDate date(int day) {
        return LocalDate.ofInstant(day(day), java.time.ZoneOffset.UTC);
    }

    @BeforeEach
    void anIndexOfFiveNumbers() {
        index = InMemoryStores.keyValueStore(RegistryStores.DEADLINES, Serdes.String(), stateDir);
        // Each number's next deadline, as the lifecycle's task keeps them.
        indexed("+14155550001", new Deadline(day(1), DeadlineKind.GRACE_REMINDER, day(2), Duration.ofDays(1)));
        indexed("+14155550002", new Deadline(day(3), DeadlineKind.VALIDITY_REMINDER, day(10), Duration.ofDays(7)));
        indexed("+14155550003", new Deadline(day(12), DeadlineKind.VALIDITY_END, day(12), Duration.ZERO));
        indexed("+14155550004", new Deadline(day(12), DeadlineKind.GRACE_END, day(12), Duration.ZERO));
        indexed("+14155550005", new Deadline(day(40), DeadlineKind.QUARANTINE_END, day(40), Duration.ZERO));
    }

    private void indexed(String number, Deadline next) {
        index.put(DeadlineIndex.key(number, next), "");
    }

    private Instant counted(Optional<NumberStatus> status, int cap) {
        return UpcomingDeadlines.countIn(index, day(5).minus(LONGEST_LEAD), day(5), day(30), status, cap, days);
    }

    @Test
    void eachNumberCountsOnTheDayItsStateEndsReminderOrNot() {
        Instant completeUntil = counted(Optional.empty(), 1_000);

        assertThat(completeUntil).isNull();
        assertThat(days).containsExactly(Map.entry(date(10), 1L), Map.entry(date(12), 2L));
    }

    @Test
    void aStatusCountsOnlyTheNumbersInIt() {
        counted(Optional.of(NumberStatus.IN_GRACE), 1_000);

        assertThat(days).containsExactly(Map.entry(date(12), 1L));
    }

    @Test
    void aReadingThatStopsShortSaysUpToWhenItsCountsAreWhole() {
        Instant completeUntil = counted(Optional.empty(), 2);

        assertThat(completeUntil).as("the second entry read: the reminder of day 3").isEqualTo(day(3));
        assertThat(days).containsExactly(Map.entry(date(10), 1L));
        assertThat(UpcomingDeadlines.wholeDays(days, completeUntil)).as("day 10 may have more ends not read").isEmpty();
    }

    @Test
    void onlyTheDaysBeforeTheOneAReadingStoppedInAreWhole() {
        Map<LocalDate, Long> counts = Map.of(date(1), 1L, date(2), 2L, date(3), 3L);

        assertThat(UpcomingDeadlines.wholeDays(new TreeMap<>(counts), day(2).plus(Duration.ofHours(12))))
                .containsExactly(new UpcomingDeadlines.DayCount(date(1), 1));
        assertThat(UpcomingDeadlines.wholeDays(new TreeMap<>(counts), null)).hasSize(3);
    }
}
