package dev.numberregistry.core.check;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimChangesTest {

    private static final Holder SINCE_2015 = new Holder("sub-1", PlanType.POSTPAID,
            Instant.parse("2015-01-01T00:00:00Z"), 1);

    private static NumberState imported(Instant lastSimChangeAt, Instant coveredFrom) {
        return scenario().whenOn(10, new NumberImported(NumberStatus.ACTIVE, SINCE_2015, null, null, null, null, null,
                List.of(), null, lastSimChangeAt, coveredFrom)).thenState();
    }

    @Test
    void aNumberSeenAllAlongIsAnsweredForAnyTime() {
        NumberState state = scenario().given(new NumberAssigned("a", PlanType.PREPAID, null))
                .whenOn(5, new SimChanged(null)).thenState();

        assertThat(SimChanges.changedSince(state, day(4))).contains(true);
        assertThat(SimChanges.changedSince(state, day(6))).contains(false);
        assertThat(SimChanges.latestKnown(state)).contains(day(5));
    }

    @Test
    void aNumberImportedWithASimChangeBeforeItsCoverageIsAnsweredYesBeforeThatChangeAndNoInsideTheCoverage() {
        NumberState state = imported(day(-400), day(8));

        assertThat(SimChanges.changedSince(state, day(-500))).contains(true);
        assertThat(SimChanges.changedSince(state, day(-300))).as("others may have followed unseen").isEmpty();
        assertThat(SimChanges.changedSince(state, day(8))).contains(false);
        assertThat(SimChanges.latestKnown(state)).isEmpty();
    }

    @Test
    void aNumberImportedWithoutOneIsAnsweredOnlyFromItsCoverageOn() {
        NumberState state = imported(null, day(8));

        assertThat(SimChanges.changedSince(state, day(9))).contains(false);
        assertThat(SimChanges.changedSince(state, day(7))).as("the registry cannot tell").isEmpty();
    }

    @Test
    void aTenureThatBeganInsideTheCoverageIsASimChangeItKnows() {
        Holder sinceDay5 = new Holder("sub-2", PlanType.PREPAID, day(5), 1);
        NumberState state = scenario().whenOn(10, new NumberImported(NumberStatus.ACTIVE, sinceDay5, null, null, null,
                null, null, List.of(), null, null, day(-30))).thenState();

        assertThat(SimChanges.changedSince(state, day(4))).as("bound to a new SIM on day 5").contains(true);
        assertThat(SimChanges.changedSince(state, day(6))).contains(false);
        assertThat(SimChanges.latestKnown(state)).contains(day(5));
    }
}
