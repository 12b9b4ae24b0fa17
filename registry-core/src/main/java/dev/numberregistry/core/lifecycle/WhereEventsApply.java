package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.state.NumberStatus.ACTIVE;
import static dev.numberregistry.core.state.NumberStatus.AVAILABLE;
import static dev.numberregistry.core.state.NumberStatus.CANCELLED;
import static dev.numberregistry.core.state.NumberStatus.EXPIRED;
import static dev.numberregistry.core.state.NumberStatus.IN_GRACE;
import static dev.numberregistry.core.state.NumberStatus.PORTED_OUT;
import static dev.numberregistry.core.state.NumberStatus.QUARANTINED;
import static dev.numberregistry.core.state.NumberStatus.SUSPENDED;

import dev.numberregistry.core.event.EventPayload;
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
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision.Rejected;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Which statuses each event applies in: the one table of the lifecycle's status guards. It is
 * checked before an event's own rule runs, so a rule looks only at what the status does not say
 * (business time, flags, arrears, who asks). Every event type has a row, and every row says what
 * happens in every status and to a number the registry has never seen: a row that leaves one out
 * stops this class from loading, so a new status or event cannot slip through unguarded.
 *
 * <p>The README's table of where each event applies is checked against this one.
 */
public final class WhereEventsApply {

    /** The statuses in which a number belongs to a subscriber. */
    private static final Set<NumberStatus> HELD = EnumSet.of(ACTIVE, IN_GRACE, EXPIRED, SUSPENDED);

    private static final Refusal ALREADY_SUSPENDED = reject(RejectionCode.ALREADY_SUSPENDED,
            (current, event) -> "the number is already suspended for " + current.suspension().reason());
    private static final Refusal NO_HOLDER = reject(RejectionCode.NO_HOLDER,
            (current, event) -> event.type() + " needs a holder, and the number is " + current.status() + " with none");
    private static final Refusal INVALID_TRANSITION = reject(RejectionCode.INVALID_TRANSITION,
            (current, event) -> event.type() + " does not apply to a number that is " + current.status());

    private static final Map<Class<? extends EventPayload>, Row> TABLE = table(
            event(NumberAssigned.class).toUnknownNumber()
                    .elsewhere(reject(RejectionCode.ALREADY_REGISTERED, (current, event) -> "the number is already "
                            + "registered (status " + current.status() + "); a new holder is given with NumberReassigned")),
            event(NumberReassigned.class).in(QUARANTINED, AVAILABLE)
                    .elsewhere(reject(RejectionCode.NOT_AVAILABLE, (current, event) -> "the number is "
                            + current.status() + "; only a recycled number whose quarantine is over can be reassigned")),
            event(TopUpMade.class).in(HELD).elsewhere(NO_HOLDER),
            event(ValidityLapsed.class).in(ACTIVE).elsewhere(INVALID_TRANSITION),
            event(GraceExpired.class).in(IN_GRACE).elsewhere(INVALID_TRANSITION),
            event(NumberSuspended.class).in(ACTIVE, IN_GRACE, EXPIRED).refused(ALREADY_SUSPENDED, SUSPENDED)
                    .elsewhere(NO_HOLDER),
            event(NumberResumed.class).in(SUSPENDED)
                    .elsewhere(reject(RejectionCode.NOT_SUSPENDED,
                            (current, event) -> "the number is " + current.status() + ", not suspended")),
            // A flag is about the holder's conduct or account: with nobody holding the number, it
            // would wait there for the next holder, who did nothing.
            event(FlagRaised.class).in(HELD).elsewhere(NO_HOLDER),
            // States written before flags ended with their tenure may carry a flag on a number nobody holds.
            event(FlagCleared.class).in(NumberStatus.values()),
            event(CancellationRequested.class).in(ACTIVE, IN_GRACE, SUSPENDED).elsewhere(INVALID_TRANSITION),
            // A cancellation asked for in grace stays pending when the grace expires.
            event(CancellationCompleted.class).in(HELD)
                    .elsewhere(reject(RejectionCode.NO_CANCELLATION_REQUESTED, (current, event) ->
                            "no cancellation was requested for the number (status " + current.status() + ")")),
            event(NumberRecycled.class).in(EXPIRED, SUSPENDED, CANCELLED)
                    .refused(reject(RejectionCode.NOT_RECYCLABLE, (current, event) -> "the number is "
                            + current.status() + ": its holder still has it, so it cannot be recycled"), ACTIVE, IN_GRACE)
                    .refused(reject(RejectionCode.ALREADY_RECYCLED, (current, event) ->
                            "the number was already recycled at " + current.lastRecycledAt()), QUARANTINED, AVAILABLE)
                    .refused(reject(RejectionCode.NOT_RECYCLABLE, (current, event) -> "the number was ported out: "
                            + "its holder keeps it at another carrier, so it cannot be recycled here"), PORTED_OUT),
            event(QuarantineEnded.class).in(QUARANTINED).elsewhere(INVALID_TRANSITION),
            event(NumberRecovered.class).in(QUARANTINED, AVAILABLE)
                    .elsewhere(new Refusal(List.of(RejectionCode.NOTHING_TO_RECOVER, RejectionCode.ALREADY_REASSIGNED),
                            WhereEventsApply::nothingToRecover)),
            event(SimChanged.class).in(HELD).elsewhere(NO_HOLDER),
            event(PortedOut.class).in(HELD).elsewhere(NO_HOLDER),
            event(PortedIn.class).toUnknownNumber().in(PORTED_OUT)
                    .elsewhere(reject(RejectionCode.NOT_PORTED_OUT, (current, event) -> "the number is "
                            + current.status() + " here; only a number the registry does not know, or one that was "
                            + "ported out, can be ported in")),
            event(NumberImported.class).toUnknownNumber()
                    .elsewhere(reject(RejectionCode.ALREADY_REGISTERED, (current, event) -> "the number is already "
                            + "registered (status " + current.status() + ", known since " + current.coveredFrom()
                            + "): an import only brings in numbers the registry has not seen, and its events since "
                            + "then are the truth")));

    /** The event types a number may enter the registry with, as a sentence names them. */
    private static final String FIRST_EVENTS = firstEvents();

    private WhereEventsApply() {
    }

    /**
     * The refusal an event meets in the number's status, if any.
     *
     * @param current the number's state, or null if the registry has never seen the number
     */
    static Optional<Rejected> refusalOf(NumberState current, NumberEvent event) {
        Row row = rowOf(event.payload().getClass());
        if (current == null) {
            return row.toUnknownNumber() ? Optional.empty()
                    : Optional.of(new Rejected(RejectionCode.UNKNOWN_NUMBER, "the registry has never seen "
                            + event.number() + "; its first event must be " + FIRST_EVENTS + ", not " + event.type()));
        }
        Refusal refusal = row.refusals().get(current.status());
        return refusal == null ? Optional.empty() : Optional.of(refusal.rejection().apply(current, event));
    }

    /**
     * The codes an event type is refused with in a status before its own rule runs; empty where it
     * applies (and its rule decides).
     *
     * @param status the number's status, or null for a number the registry has never seen
     */
    static List<RejectionCode> refusedAs(Class<? extends EventPayload> type, NumberStatus status) {
        Row row = rowOf(type);
        if (status == null) {
            return row.toUnknownNumber() ? List.of() : List.of(RejectionCode.UNKNOWN_NUMBER);
        }
        Refusal refusal = row.refusals().get(status);
        return refusal == null ? List.of() : refusal.codes();
    }

    /** The event types in the order of the table (the README's order). */
    static List<Class<? extends EventPayload>> eventTypes() {
        return List.copyOf(TABLE.keySet());
    }

    private static Row rowOf(Class<? extends EventPayload> type) {
        Row row = TABLE.get(type);
        if (row == null) {
            throw new IllegalStateException("no row for " + type.getSimpleName());
        }
        return row;
    }

    /** Reassigned since it was recycled, or never recycled: both leave nothing to recover. */
    private static Rejected nothingToRecover(NumberState current, NumberEvent event) {
        boolean reassignedSinceRecycling = current.lastRecycledAt() != null && current.lastReassignedAt() != null
                && !current.lastReassignedAt().isBefore(current.lastRecycledAt());
        return reassignedSinceRecycling
                ? new Rejected(RejectionCode.ALREADY_REASSIGNED, "the number was reassigned at "
                        + current.lastReassignedAt() + " and can no longer be recovered")
                : new Rejected(RejectionCode.NOTHING_TO_RECOVER, "the number is " + current.status()
                        + " and has not been recycled");
    }

    private static String firstEvents() {
        List<String> names = TABLE.entrySet().stream().filter(entry -> entry.getValue().toUnknownNumber())
                .map(entry -> entry.getKey().getSimpleName()).sorted().toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Map<Class<? extends EventPayload>, Row> table(RowBuilder... rows) {
        Map<Class<? extends EventPayload>, Row> table = new LinkedHashMap<>();
        for (RowBuilder row : rows) {
            if (table.put(row.type, row.build()) != null) {
                throw new IllegalStateException("two rows for " + row.type.getSimpleName());
            }
        }
        Set<String> missing = Arrays.stream(EventPayload.class.getPermittedSubclasses())
                .filter(type -> !table.containsKey(type)).map(Class::getSimpleName).collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no row for " + missing);
        }
        return table;
    }

    private static RowBuilder event(Class<? extends EventPayload> type) {
        return new RowBuilder(type);
    }

    private static Refusal reject(RejectionCode code, BiFunction<NumberState, NumberEvent, String> reason) {
        return new Refusal(List.of(code), (current, event) -> new Rejected(code, reason.apply(current, event)));
    }

    /** How an event is refused in a status: the codes it may give, and the rejection itself. */
    private record Refusal(List<RejectionCode> codes, BiFunction<NumberState, NumberEvent, Rejected> rejection) {
    }

    /**
     * One event type's row: whether it may be a number's first event, and its refusal in each
     * status it does not apply in (a status absent from {@code refusals} lets its rule decide).
     */
    private record Row(boolean toUnknownNumber, Map<NumberStatus, Refusal> refusals) {
    }

    private static final class RowBuilder {
        private final Class<? extends EventPayload> type;
        private final Set<NumberStatus> applies = EnumSet.noneOf(NumberStatus.class);
        private final Map<NumberStatus, Refusal> refusals = new EnumMap<>(NumberStatus.class);
        private boolean toUnknownNumber;

        private RowBuilder(Class<? extends EventPayload> type) {
            this.type = type;
        }

        RowBuilder toUnknownNumber() {
            toUnknownNumber = true;
            return this;
        }

        RowBuilder in(NumberStatus... statuses) {
            return in(Set.of(statuses));
        }

        RowBuilder in(Set<NumberStatus> statuses) {
            statuses.forEach(status -> claim(status, () -> applies.add(status)));
            return this;
        }

        RowBuilder refused(Refusal refusal, NumberStatus... statuses) {
            for (NumberStatus status : statuses) {
                claim(status, () -> refusals.put(status, refusal));
            }
            return this;
        }

        /** Refused so in every status not named yet. */
        RowBuilder elsewhere(Refusal refusal) {
            for (NumberStatus status : NumberStatus.values()) {
                if (!applies.contains(status) && !refusals.containsKey(status)) {
                    refusals.put(status, refusal);
                }
            }
            return this;
        }

        private void claim(NumberStatus status, Runnable claim) {
            if (applies.contains(status) || refusals.containsKey(status)) {
                throw new IllegalStateException(type.getSimpleName() + " says twice what happens in " + status);
            }
            claim.run();
        }

        Row build() {
            Set<NumberStatus> unsaid = EnumSet.allOf(NumberStatus.class);
            unsaid.removeAll(applies);
            unsaid.removeAll(refusals.keySet());
            if (!unsaid.isEmpty()) {
                throw new IllegalStateException(type.getSimpleName() + " does not say what happens in " + unsaid);
            }
            return new Row(toUnknownNumber, Map.copyOf(refusals));
        }
    }
}
