package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.NUMBER;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.PortedIn;
import dev.numberregistry.core.event.EventPayload.PortedOut;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which event applies in which status, as the lifecycle decides it: every event type driven from
 * every status (and from a number the registry does not know), on a day well after every end date
 * (so the rules bound to business time show their late case: a port-out after the grace end), and
 * compared with the checked-in matrix. A rule that changes what applies where fails here until the
 * matrix is changed with it, in the same review.
 */
class LifecycleMatrixTest {

    private static final String PINNED = "/lifecycle-matrix.txt";
    private static final int LATE = 400;
    private static final Lifecycle LIFECYCLE = new Lifecycle(PolicyBook.defaults());

    /** One state per status (and none), reached by events as a carrier would send them. */
    private static Map<String, NumberState> states() {
        Map<String, NumberState> states = new LinkedHashMap<>();
        states.put("(unknown)", null);
        NumberState active = fold(null, 0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        states.put("ACTIVE", active);
        NumberState inGrace = fold(active, 30, new ValidityLapsed());
        states.put("IN_GRACE", inGrace);
        states.put("EXPIRED", fold(inGrace, 60, new GraceExpired()));
        states.put("SUSPENDED", fold(active, 5, new NumberSuspended(SuspensionReason.VOLUNTARY, null)));
        NumberState cancelled = fold(fold(active, 5, new CancellationRequested()), 6, new CancellationCompleted());
        states.put("CANCELLED", cancelled);
        NumberState quarantined = fold(cancelled, 7, new NumberRecycled());
        states.put("QUARANTINED", quarantined);
        states.put("AVAILABLE", fold(quarantined, 97, new QuarantineEnded()));
        states.put("PORTED_OUT", fold(active, 5, new PortedOut(null)));
        assertThat(states.keySet()).as("a state for every status")
                .containsAll(Arrays.stream(NumberStatus.values()).map(Enum::name).toList());
        return states;
    }

    /** One event of each type, valid in itself, happening on {@link #LATE}. */
    private static List<EventPayload> events() {
        Holder alice = new Holder("alice", PlanType.PREPAID, day(0), 1);
        List<EventPayload> events = List.of(
                new NumberAssigned("bob", PlanType.PREPAID, day(LATE + 30)),
                new NumberReassigned("bob", PlanType.PREPAID, day(LATE + 30)),
                new TopUpMade(500, "USD", day(LATE + 30)),
                new ValidityLapsed(),
                new GraceExpired(),
                new NumberSuspended(SuspensionReason.FAULT, null),
                new NumberResumed(),
                new FlagRaised("f-1", FlagKind.FRAUD, FlagSeverity.LOW, "fraud-desk", null),
                new FlagCleared("f-1", FlagClearance.MISJUDGED, "fraud-desk", null),
                new CancellationRequested(),
                new CancellationCompleted(),
                new NumberRecycled(),
                new QuarantineEnded(),
                new NumberRecovered("alice", day(LATE + 30)),
                new SimChanged(null),
                new NumberImported(NumberStatus.ACTIVE, alice, null, null, null, null, null, List.of(), null, null,
                        day(0)),
                new PortedOut(null),
                new PortedIn("alice", PlanType.PREPAID, day(LATE - 1), day(LATE + 30), null));
        assertThat(events).extracting(EventPayload::type).as("an event of every type")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventPayload.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toList());
        return events;
    }

    @Test
    void whatAppliesWhereIsThePinnedMatrix() throws IOException {
        Map<String, NumberState> states = states();
        StringBuilder matrix = new StringBuilder(String.format("%-22s", "event \\ status"));
        states.keySet().forEach(status -> matrix.append(String.format(" | %-28s", status)));
        matrix.append('\n');
        for (EventPayload payload : events()) {
            matrix.append(String.format("%-22s", payload.type()));
            for (NumberState state : states.values()) {
                NumberEvent event = new NumberEvent("matrix", NUMBER, day(LATE), day(LATE), "billing", payload);
                Decision decision = LIFECYCLE.decide(state, event);
                String cell = decision instanceof Decision.Applied applied ? "-> " + applied.state().status()
                        : ((Decision.Rejected) decision).code().name();
                matrix.append(String.format(" | %-28s", cell));
            }
            matrix.append('\n');
        }
        String actual = matrix.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
        if (!actual.equals(pinned().strip())) {
            // Beside the build's other outputs, to review and copy over the pinned one.
            Files.writeString(Path.of("target", "lifecycle-matrix.actual.txt"), actual + "\n");
        }

        assertThat(actual)
                .as("what applies where changed; if deliberate, replace registry-core/src/test/resources%s with "
                        + "registry-core/target/lifecycle-matrix.actual.txt (and, if a status now decides otherwise, WhereEventsApply and the README)",
                        PINNED)
                .isEqualTo(pinned().strip());
    }

    private static NumberState fold(NumberState state, int day, EventPayload payload) {
        NumberEvent event = new NumberEvent("e-" + day + "-" + payload.type(), NUMBER, day(day), day(day), "billing",
                payload);
        return ((Decision.Applied) LIFECYCLE.decide(state, event)).state();
    }

    private static String pinned() throws IOException {
        try (InputStream in = LifecycleMatrixTest.class.getResourceAsStream(PINNED)) {
            return in == null ? "(no pinned matrix yet)" : new String(Objects.requireNonNull(in).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
    }
}
