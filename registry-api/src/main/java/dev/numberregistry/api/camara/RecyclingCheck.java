package dev.numberregistry.api.camara;

import dev.numberregistry.core.Quote;
import dev.numberregistry.core.check.ChangeOfHands;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The answer to one CAMARA Number Recycling check, whoever asks: a bank at {@code POST /check}, or
 * ops in the console wondering what a bank would be told for a date. One place, so that the two
 * can never differ. Every refusal is a {@link CamaraException} with the contract's error.
 */
@Singleton
class RecyclingCheck {

    private final RequestedNumbers numbers;
    private final Clock clock;

    RecyclingCheck(RequestedNumbers numbers, Clock clock) {
        this.numbers = numbers;
        this.clock = clock;
    }

    /** Whether the number changed hands since the date, as the contract answers it. */
    boolean recycledSince(String phoneNumber, String specifiedDate) {
        CamaraRequests.requireContractForm(phoneNumber);
        LocalDate date = dateOf(specifiedDate);
        NumberState state = numbers.stateOf(phoneNumber).orElseThrow(CamaraRequests::notFound);
        requireCovered(state, date);
        return ChangeOfHands.since(state, date);
    }

    /** A check's date: an RFC 3339 calendar date, not in the future. */
    LocalDate dateOf(String specifiedDate) {
        if (specifiedDate == null) {
            throw new CamaraException(CamaraError.invalidArgument("specifiedDate is required (YYYY-MM-DD)."));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(specifiedDate);
        } catch (DateTimeParseException e) {
            throw new CamaraException(CamaraError.invalidArgument(
                    "specifiedDate must be an RFC 3339 calendar date (YYYY-MM-DD), was " + Quote.of(specifiedDate) + "."));
        }
        if (date.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            throw new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE",
                    "specifiedDate " + date + " is in the future."));
        }
        return date;
    }

    /** Nothing is answered about a day before the registry's knowledge of the number begins. */
    private static void requireCovered(NumberState state, LocalDate date) {
        if (!ChangeOfHands.canAnswerFor(state, date)) {
            throw new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE", "specifiedDate " + date
                    + " is before " + ChangeOfHands.firstAnswerableDay(state).orElseThrow()
                    + ", the first day the registry can answer for this number."));
        }
    }
}
