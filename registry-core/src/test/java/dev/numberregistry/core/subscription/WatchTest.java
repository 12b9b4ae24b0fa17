package dev.numberregistry.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.notification.NotificationKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchTest {

    private final Watch recycledSinceMay = new Watch(LocalDate.parse("2030-05-10"), Set.of(NotificationKind.RECYCLED));

    @Test
    void aChangeOfAWatchedKindAfterTheVerificationReachesTheSubscriber() {
        assertThat(recycledSinceMay.wants(NotificationKind.RECYCLED, Instant.parse("2030-06-01T00:00:00Z"))).isTrue();
    }

    @Test
    void aChangeOnTheDayOfTheVerificationReachesItTooForTheDayDoesNotSayWhichCameFirst() {
        assertThat(recycledSinceMay.wants(NotificationKind.RECYCLED, Instant.parse("2030-05-10T00:00:00Z"))).isTrue();
        assertThat(recycledSinceMay.wants(NotificationKind.RECYCLED, Instant.parse("2030-05-10T23:59:59Z"))).isTrue();
    }

    @Test
    void aChangeBeforeTheVerificationDayWasKnownAlready() {
        assertThat(recycledSinceMay.wants(NotificationKind.RECYCLED, Instant.parse("2030-05-09T23:59:59Z"))).isFalse();
    }

    @Test
    void aKindTheSubscriptionWasNotMadeForDoesNotReachIt() {
        assertThat(recycledSinceMay.wants(NotificationKind.REASSIGNED, Instant.parse("2030-06-01T00:00:00Z"))).isFalse();
    }

    @Test
    void aSimChangeReachesASubscriberOfSimChangesOnceAndNotOneBeforeTheVerificationDay() {
        Watch sims = new Watch(LocalDate.parse("2030-05-10"), Set.of(), true);
        Instant change = Instant.parse("2030-06-01T00:00:00Z");

        assertThat(sims.wantsSimChange(change, null)).isTrue();
        assertThat(sims.wantsSimChange(change, change)).as("told already").isFalse();
        assertThat(sims.wantsSimChange(change, Instant.parse("2030-05-20T00:00:00Z"))).isTrue();
        assertThat(sims.wantsSimChange(Instant.parse("2030-05-09T12:00:00Z"), null)).isFalse();
        assertThat(recycledSinceMay.wantsSimChange(change, null)).as("not asked for").isFalse();
    }

    @Test
    void aWatchIsForAtLeastOneKind() {
        assertThatThrownBy(() -> new Watch(LocalDate.parse("2030-05-10"), Set.of()))
                .hasMessageContaining("at least one kind");
    }
}
