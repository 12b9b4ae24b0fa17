package dev.numberregistry.core.deadline;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.PlanType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deadlines a state has pending: a pure function of the state (whose end dates were fixed by
 * the policy in force when they were set) and of the reminder lead times in force now.
 *
 * <p>A suspended number has none: suspension pauses its clock until it is resumed. A number whose
 * grace expired has none either: it is recycled at once, or waits for the carrier to recycle it.
 */
public final class Deadlines {

    private final PolicyBook policies;

    public Deadlines(PolicyBook policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    /** The state's pending deadlines, soonest first; empty for a number that has no state. */
    public List<Deadline> of(NumberState state) {
        if (state == null) {
            return List.of();
        }
        List<Deadline> deadlines = new ArrayList<>();
        switch (state.status()) {
            case ACTIVE -> {
                if (state.validUntil() != null && state.holder().planType() == PlanType.PREPAID) {
                    deadlines.add(Deadline.due(state.validUntil(), DeadlineKind.VALIDITY_END));
                    addReminders(deadlines, state, state.validUntil(), DeadlineKind.VALIDITY_REMINDER);
                }
            }
            case IN_GRACE -> {
                deadlines.add(Deadline.due(state.graceEndsAt(), DeadlineKind.GRACE_END));
                addReminders(deadlines, state, state.graceEndsAt(), DeadlineKind.GRACE_REMINDER);
            }
            case QUARANTINED -> deadlines.add(Deadline.due(state.quarantineEndsAt(), DeadlineKind.QUARANTINE_END));
            default -> {
                // No clock runs: see the class comment.
            }
        }
        deadlines.sort(Comparator.comparing(Deadline::at).thenComparing(Deadline::kind));
        return deadlines;
    }

    /**
     * The event the registry decides when a deadline that is not a reminder comes due. Its id,
     * its business time and its recording time derive from the deadline alone, so deciding it
     * again (after a restart, or when the log is replayed) gives the very same event.
     */
    public static Optional<NumberEvent> decisionAt(NumberState state, Deadline deadline) {
        EventPayload payload = switch (deadline.kind()) {
            case VALIDITY_END -> new EventPayload.ValidityLapsed();
            case GRACE_END -> new EventPayload.GraceExpired();
            case QUARANTINE_END -> new EventPayload.QuarantineEnded();
            case VALIDITY_REMINDER, GRACE_REMINDER -> null;
        };
        if (payload == null) {
            return Optional.empty();
        }
        String eventId = state.number().e164() + "/" + deadline.kind() + "/" + deadline.at();
        return Optional.of(new NumberEvent(eventId, state.number(), deadline.at(), deadline.at(),
                NumberEvent.REGISTRY_SOURCE, payload));
    }

    private void addReminders(List<Deadline> deadlines, NumberState state, Instant ends, DeadlineKind kind) {
        Holder holder = state.holder();
        LifecyclePolicy policy = policies.policyFor(state.number(), holder == null ? null : holder.planType());
        for (Duration lead : policy.reminderLeadTimes()) {
            deadlines.add(Deadline.reminderOf(ends, kind, lead));
        }
    }
}
