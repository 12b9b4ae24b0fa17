package dev.numberregistry.api.camara;

import dev.numberregistry.api.json.JsonKinds;
import dev.numberregistry.core.Quote;
import dev.numberregistry.core.check.ChangeOfHands;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CAMARA Number Recycling v0.2: "has the subscriber of this number changed since this date?",
 * one number at a time as the contract has it, or a batch of up to 1,000 (an extension of the
 * registry's, for banks that re-verify their whole customer base).
 */
@Controller("/number-recycling/v0.2")
@ExecuteOn(TaskExecutors.BLOCKING)
class NumberRecyclingController {

    static final int MAX_BATCH = 1000;

    private final RequestedNumbers numbers;
    private final CamaraRequests requests;
    private final Clock clock;

    NumberRecyclingController(RequestedNumbers numbers, CamaraRequests requests, Clock clock) {
        this.numbers = numbers;
        this.requests = requests;
        this.clock = clock;
    }

    @Post("/check")
    HttpResponse<?> check(@Body String body) {
        CheckRequest request = requests.read(body, CheckRequest.class);
        CamaraRequests.requireContractForm(request.phoneNumber());
        LocalDate date = dateOf(request.specifiedDate());
        NumberState state = numbers.stateOf(request.phoneNumber()).orElseThrow(CamaraRequests::notFound);
        requireCovered(state, date);
        return HttpResponse.ok(new CheckResult(ChangeOfHands.since(state, date)));
    }

    @Post("/check-batch")
    HttpResponse<?> checkBatch(@Body String body) {
        BatchRequest request = requests.read(body, BatchRequest.class);
        if (request.checks() == null || request.checks().isEmpty()) {
            throw new CamaraException(CamaraError.invalidArgument("checks must hold 1 to " + MAX_BATCH + " checks."));
        }
        if (request.checks().size() > MAX_BATCH) {
            throw new CamaraException(CamaraError.invalidArgument("checks holds " + request.checks().size()
                    + " checks; at most " + MAX_BATCH + " are taken at once."));
        }
        List<BatchResult> results = new ArrayList<>(request.checks().size());
        for (JsonNode check : request.checks()) {
            results.add(checkOne(check));
        }
        return HttpResponse.ok(new BatchResponse(results));
    }

    /** One check of a batch: a bad check gets its own INVALID answer, the others go on. */
    private BatchResult checkOne(JsonNode json) {
        if (json == null || !json.isObject()) {
            return BatchResult.invalid(null, null, "a check must be an object with phoneNumber and specifiedDate"
                    + (json == null || json.isNull() ? "" : ", not " + JsonKinds.of(json)));
        }
        CheckRequest check;
        try {
            check = requests.of(json, CheckRequest.class);
        } catch (CamaraException e) {
            return BatchResult.invalid(null, null, e.error().code() + ": " + e.error().message());
        }
        try {
            CamaraRequests.requireContractForm(check.phoneNumber());
            LocalDate date = dateOf(check.specifiedDate());
            Optional<NumberState> state = numbers.stateOf(check.phoneNumber());
            String result = state.isEmpty() || !ChangeOfHands.canAnswerFor(state.get(), date) ? BatchResult.NO_DATA
                    : ChangeOfHands.since(state.get(), date) ? BatchResult.RECYCLED : BatchResult.NOT_RECYCLED;
            return new BatchResult(check.phoneNumber(), check.specifiedDate(), result, null);
        } catch (CamaraException e) {
            return BatchResult.invalid(check.phoneNumber(), check.specifiedDate(),
                    e.error().code() + ": " + e.error().message());
        }
    }

    /** Nothing is answered about a day before the registry's knowledge of the number begins. */
    private static void requireCovered(NumberState state, LocalDate date) {
        if (!ChangeOfHands.canAnswerFor(state, date)) {
            throw new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE", "specifiedDate " + date
                    + " is before " + ChangeOfHands.firstAnswerableDay(state).orElseThrow()
                    + ", the first day the registry can answer for this number."));
        }
    }

    private LocalDate dateOf(String specifiedDate) {
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

    /** {@code CreateCheckNumRecycling} in the contract. */
    record CheckRequest(String phoneNumber, String specifiedDate) {
    }

    /** {@code CheckNumRecyclingInfo} in the contract. */
    @Serdeable
    record CheckResult(boolean phoneNumberRecycled) {
    }

    /** Each check is read on its own, so that a check of the wrong shape is answered INVALID and the others go on. */
    record BatchRequest(List<JsonNode> checks) {
    }

    @Serdeable
    record BatchResponse(List<BatchResult> results) {
    }

    /**
     * One answer of a batch, in the spirit of the US Reassigned Numbers Database: RECYCLED (the
     * holder changed since the date), NOT_RECYCLED, NO_DATA (the registry does not know the
     * number), or INVALID (the check itself is wrong; {@code message} says how).
     */
    @Serdeable
    record BatchResult(String phoneNumber, String specifiedDate, String result, String message) {
        static final String RECYCLED = "RECYCLED";
        static final String NOT_RECYCLED = "NOT_RECYCLED";
        static final String NO_DATA = "NO_DATA";
        static final String INVALID = "INVALID";

        static BatchResult invalid(String phoneNumber, String specifiedDate, String message) {
            return new BatchResult(phoneNumber, specifiedDate, INVALID, message);
        }
    }
}
