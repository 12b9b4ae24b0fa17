package dev.numberregistry.streams.testing;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenario driver itself: what it watches, and that a record no then asserted fails the test. */
class TopologyScenarioTest {

    private final TestEvents alice = TestEvents.about("+14155552671");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry();

    @Test
    void everyTopicTheTopologyWritesToIsWatched() {
        assertThat(registry.watchedTopics()).containsExactlyInAnyOrder(TopologyScenario.TOPICS.events(),
                TopologyScenario.TOPICS.states(), TopologyScenario.TOPICS.rejected(),
                TopologyScenario.TOPICS.reminders(), TopologyScenario.TOPICS.notifications());
    }

    @Test
    void aTestThatLeavesARecordUnassertedFails() {
        TopologyScenario forgetful = TopologyScenario.ofTheRegistry();
        ExtensionContext passedSoFar = testThatPassedSoFar();
        forgetful.beforeEach(passedSoFar);
        forgetful.when(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));

        assertThatThrownBy(() -> forgetful.afterEach(passedSoFar))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("when NumberAssigned 14155552671-1, the registry wrote 1 record(s) that no "
                        + "then asserted")
                .hasMessageContaining("number-state record under +14155552671");
    }

    @Test
    void aStepWhoseRecordsAreNotAllAssertedFailsTheNextStep() {
        registry.when(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));

        assertThatThrownBy(() -> registry.when(alice.on(1, new TopUpMade(100, "USD", day(60)))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("number-state record under +14155552671");
        assertThat(registry.storedState(alice.e164()).getAppliedEvents()).as("the next step did not run")
                .isEqualTo(1);
    }

    @Test
    void aThenConsumesOnlyWhatItAsserts() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))))
                .when(alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null)),
                        alice.on(2, new TopUpMade(100, "USD", day(60))));

        registry.thenRejected(RejectionCode.NOT_AVAILABLE);

        assertThatThrownBy(registry::thenNothingElse)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 record(s)")
                .hasMessageContaining("number-state record under +14155552671");
    }

    @Test
    void aGivenTheRegistryRejectsFailsTheScenario() {
        assertThatThrownBy(() -> registry.given(alice.on(0, new TopUpMade(100, "USD", day(30)))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("given TopUpMade 14155552671-1 was to set the scene, but the registry rejected");
    }

    @Test
    void aScenarioNotRegisteredAsAnExtensionRefusesToRun() {
        TopologyScenario unregistered = TopologyScenario.ofTheRegistry();

        assertThatThrownBy(() -> unregistered.when(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }

    @Test
    void theConfigurationIsFixedOnceTheScenarioRuns() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));

        assertThatThrownBy(() -> registry.withPolicies(PolicyBook.defaults()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theWallClockOnlyMovesOn() {
        registry.givenClockAt(day(2));

        assertThat(registry.now()).isEqualTo(day(2));
        assertThatThrownBy(() -> registry.whenClockReaches(day(1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** What JUnit tells an extension after a test that has not failed. */
    private static ExtensionContext testThatPassedSoFar() {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getExecutionException")) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
