package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.RejectedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one record of the log, or one deadline, changes: worked out in full before anything is
 * written, so that a failure while working it out (a defect, a state too large) leaves nothing
 * half-applied and the record can be rejected instead.
 */
final class Changes {

    private final List<Step> steps = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<NumberReminder> reminders = new ArrayList<>();
    private boolean moveToKeyPartition;
    private RejectedEvent refusedAtIntake;
    private Advance advance;

    /** Nothing to write: the log's copy of a decision already applied, a deadline no longer pending. */
    static Changes none() {
        return new Changes();
    }

    /** A record in a partition other than its key's: it is written again to its key's, as it came. */
    static Changes moveToKeyPartition() {
        Changes changes = new Changes();
        changes.moveToKeyPartition = true;
        return changes;
    }

    /** A refusal of the HTTP intake, logged for the number's task to keep and pass on as it is. */
    static Changes refusedAtIntake(RejectedEvent refusal) {
        Changes changes = new Changes();
        changes.refusedAtIntake = refusal;
        return changes;
    }

    static Changes refused(Refusal refusal) {
        return new Changes().refuse(refusal);
    }

    Changes apply(Step step) {
        steps.add(step);
        return this;
    }

    Changes refuse(Refusal refusal) {
        refusals.add(refusal);
        return this;
    }

    /**
     * A deadline fired without changing its number's state: the state's next deadline after it
     * takes its place in the index.
     */
    Changes advance(DeadlineIndex.Entry fired, List<Deadline> pending) {
        advance = new Advance(fired, pending);
        return this;
    }

    Changes remind(NumberReminder reminder) {
        reminders.add(reminder);
        return this;
    }

    List<Step> steps() {
        return steps;
    }

    List<Refusal> refusals() {
        return refusals;
    }

    List<NumberReminder> reminders() {
        return reminders;
    }

    Optional<Advance> advance() {
        return Optional.ofNullable(advance);
    }

    boolean movesToKeyPartition() {
        return moveToKeyPartition;
    }

    /** The refusal of the HTTP intake that the record is, if it is one. */
    Optional<RejectedEvent> refusedAtIntake() {
        return Optional.ofNullable(refusedAtIntake);
    }

    /**
     * One event applied to a number's state.
     *
     * @param decided      the registry decided the event itself: it goes to the log as the record of it
     * @param encodedState the size of {@code state} encoded, checked against the record limits
     * @param notification what banks are told of it, if anything
     */
    record Step(NumberEvent event, dev.numberregistry.schema.NumberEvent wire,
                dev.numberregistry.schema.NumberState state, long sequence, boolean decided, int encodedState,
                List<Deadline> deadlinesBefore, List<Deadline> deadlinesAfter,
                NumberRecycleNotification notification) {
    }

    /**
     * A record, or an event the registry decided, that is not applied.
     *
     * @param wire   the event as decoded, if it was
     * @param number the number it is about in E.164 form, if known
     */
    record Refusal(Origin origin, String code, String reason, dev.numberregistry.schema.NumberEvent wire,
                   String number) {
    }

    /** The deadline index entry that fired, and what its number's unchanged state has pending. */
    record Advance(DeadlineIndex.Entry fired, List<Deadline> pending) {
    }
}
