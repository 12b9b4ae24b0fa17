package dev.numberregistry.core.check;

import dev.numberregistry.core.state.NumberState;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Answers "has this number changed hands since date D?" (CAMARA Number Recycling): no while the
 * person who held it on D still holds it, including when D is the day their tenure began; yes
 * when the holder changed since, or nobody held it on D, or nobody holds it now. Suspension,
 * grace and flags do not change the holder; recycling does; a recovery by the previous holder
 * undoes it (their tenure continues). Dates are UTC calendar days.
 */
public final class ChangeOfHands {

    private ChangeOfHands() {
    }

    public static boolean since(NumberState state, LocalDate specifiedDate) {
        if (state.holder() == null) {
            return true;
        }
        LocalDate tenureBegan = LocalDate.ofInstant(state.holder().tenureStart(), ZoneOffset.UTC);
        return tenureBegan.isAfter(specifiedDate);
    }

    /**
     * The first day the registry can answer for: the (UTC) day its knowledge of the number begins,
     * the day of the event that began it included, as the check counts a tenure from the day it
     * began; empty when it can answer for any day.
     */
    public static Optional<LocalDate> firstAnswerableDay(NumberState state) {
        return Optional.ofNullable(state.coveredFrom()).map(covered -> LocalDate.ofInstant(covered, ZoneOffset.UTC));
    }

    /** Whether the registry saw enough of the number to answer for {@code specifiedDate}. */
    public static boolean canAnswerFor(NumberState state, LocalDate specifiedDate) {
        return firstAnswerableDay(state).map(first -> !specifiedDate.isBefore(first)).orElse(true);
    }
}
