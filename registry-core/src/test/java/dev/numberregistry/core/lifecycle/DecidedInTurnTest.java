package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the registry decides itself is applied in turn, each decision followed at once by what it implies. */
class DecidedInTurnTest {

    private final Lifecycle lifecycle = new Lifecycle(PolicyBook.defaults());

    @Test
    void aGraceExpiryIsFollowedByTheRecyclingItImpliesAndThenByTheClearanceOfTheHoldersFlag() {
        var given = scenario().given(new NumberAssigned("alice", PlanType.PREPAID, day(30)),
                new FlagRaised("spam-1", FlagKind.SPAM, FlagSeverity.LOW, "spam-desk", null));
        NumberState inGrace = given.whenOn(30, new ValidityLapsed()).thenState();

        List<Consequence> consequences = lifecycle.inTurn(inGrace, List.of(given.event(60, new GraceExpired())));

        assertThat(consequences).extracting(consequence -> consequence.event().payload().type())
                .containsExactly("GraceExpired", "NumberRecycled", "FlagCleared");
        assertThat(consequences).allMatch(Consequence.Followed.class::isInstance);
        NumberState state = inGrace;
        for (Consequence consequence : consequences) {
            Consequence.Followed followed = (Consequence.Followed) consequence;
            assertThat(followed.before()).as("each applies to what the one before made").isEqualTo(state);
            state = followed.after();
        }
        assertThat(state.status()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state.flags()).isEmpty();
    }

    @Test
    void aDecisionTheLifecycleRefusesIsADefectAndTheOthersGoOn() {
        var given = scenario().given(new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        NumberState active = given.whenOn(1, new SimChanged(null)).thenState();

        List<Consequence> consequences = lifecycle.inTurn(active,
                List.of(given.event(2, new QuarantineEnded()), given.event(3, new SimChanged(null))));

        assertThat(consequences).hasSize(2);
        assertThat(consequences.get(0)).isInstanceOfSatisfying(Consequence.Defect.class,
                defect -> assertThat(defect.reason()).contains("does not apply to a number that is ACTIVE"));
        assertThat(consequences.get(1)).isInstanceOfSatisfying(Consequence.Followed.class,
                followed -> assertThat(followed.before()).isEqualTo(active));
    }

    @Test
    void decisionsPastTheGuardAreDefectsRatherThanAChainWithoutEnd() {
        var given = scenario();
        NumberState active = given.whenOn(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))).thenState();
        List<NumberEvent> decided = IntStream.range(0, Lifecycle.MAX_IMPLIED_PER_EVENT + 2)
                .mapToObj(i -> given.event(1, (EventPayload) new SimChanged(null))).toList();

        List<Consequence> consequences = lifecycle.inTurn(active, decided);

        assertThat(consequences).hasSize(decided.size());
        assertThat(consequences.subList(0, Lifecycle.MAX_IMPLIED_PER_EVENT))
                .allMatch(Consequence.Followed.class::isInstance);
        assertThat(consequences.subList(Lifecycle.MAX_IMPLIED_PER_EVENT, decided.size()))
                .allSatisfy(consequence -> assertThat(consequence).isInstanceOfSatisfying(Consequence.Defect.class,
                        defect -> assertThat(defect.reason()).contains("more than")));
    }
}
