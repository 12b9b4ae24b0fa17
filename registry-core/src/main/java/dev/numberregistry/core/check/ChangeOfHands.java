package dev.numberregistry.core.check;

import dev.numberregistry.core.state.NumberState;
import java.time.LocalDate;
import java.time.ZoneOffset;

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
}
