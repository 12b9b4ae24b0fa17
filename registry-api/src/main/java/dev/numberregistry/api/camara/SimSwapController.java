package dev.numberregistry.api.camara;

import dev.numberregistry.core.check.SimChanges;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * CAMARA SIM Swap v2.1: has the number moved to another SIM card lately, and when did it last?
 * The registry learns of SIM changes from SimChanged events; an assignment, a reassignment and a
 * recovery also bind the number to a new SIM. Its monitoring begins with the number's coverage
 * (see {@link SimChanges}): a number imported without its latest SIM change is answered for from
 * its coverage date only.
 */
@Controller("/sim-swap/v2")
@ExecuteOn(TaskExecutors.BLOCKING)
class SimSwapController {

    static final int MIN_MAX_AGE_HOURS = 1;
    static final int MAX_MAX_AGE_HOURS = 2400;
    static final int DEFAULT_MAX_AGE_HOURS = 240;

    private final RequestedNumbers numbers;
    private final CamaraRequests requests;
    private final Clock clock;

    SimSwapController(RequestedNumbers numbers, CamaraRequests requests, Clock clock) {
        this.numbers = numbers;
        this.requests = requests;
        this.clock = clock;
    }

    @Post("/check")
    HttpResponse<?> check(@Body String body) {
        CheckRequest request = requests.read(body, CheckRequest.class);
        long maxAge = request.maxAge() == null ? DEFAULT_MAX_AGE_HOURS : request.maxAge();
        if (maxAge < MIN_MAX_AGE_HOURS || maxAge > MAX_MAX_AGE_HOURS) {
            throw new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE",
                    "maxAge must be between " + MIN_MAX_AGE_HOURS + " and " + MAX_MAX_AGE_HOURS + " hours."));
        }
        NumberState state = heldNumber(request.phoneNumber());
        Instant since = clock.instant().minus(Duration.ofHours(maxAge));
        Optional<Boolean> swapped = SimChanges.changedSince(state, since);
        if (swapped.isEmpty()) {
            throw beforeMonitoring(since, state.coveredFrom());
        }
        return HttpResponse.ok(new CheckResult(swapped.get()));
    }

    @Post("/retrieve-date")
    HttpResponse<?> retrieveDate(@Body String body) {
        RetrieveDateRequest request = requests.read(body, RetrieveDateRequest.class);
        NumberState state = heldNumber(request.phoneNumber());
        Optional<Instant> latest = SimChanges.latestKnown(state);
        // None known within the coverage: the contract's monitoredPeriod says for how many days
        // the registry has seen none.
        Integer monitoredDays = latest.isPresent() || state.coveredFrom() == null ? null
                : (int) Duration.between(state.coveredFrom(), clock.instant()).toDays();
        return HttpResponse.ok(new SimSwapInfo(latest.map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                monitoredDays));
    }

    private CamaraException beforeMonitoring(Instant since, Instant knownFrom) {
        long hours = Duration.between(knownFrom, clock.instant()).toHours();
        return new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE", "maxAge reaches back to "
                + since + ", before " + knownFrom + ", from when the registry knows this number's SIM changes; "
                + (hours >= MIN_MAX_AGE_HOURS ? "ask with a maxAge of at most " + hours + " hours."
                : "it can answer from " + knownFrom.plus(Duration.ofHours(MIN_MAX_AGE_HOURS)) + " on.")));
    }

    /** A number nobody holds has no SIM: the service does not apply to it. */
    private NumberState heldNumber(String phoneNumber) {
        NumberState state = numbers.stateOf(phoneNumber).orElseThrow(CamaraRequests::notFound);
        if (state.holder() == null) {
            throw new CamaraException(CamaraError.of(HttpStatus.UNPROCESSABLE_ENTITY, "SERVICE_NOT_APPLICABLE",
                    "The service is not available for the provided phone number: nobody holds it."));
        }
        return state;
    }

    /** {@code CreateCheckSimSwap} in the contract: maxAge in hours, 1 to 2400, 240 if absent. */
    record CheckRequest(String phoneNumber, Long maxAge) {
    }

    /** {@code CheckSimSwapInfo}. */
    @Serdeable
    record CheckResult(boolean swapped) {
    }

    /** {@code CreateSimSwapDate}. */
    record RetrieveDateRequest(String phoneNumber) {
    }

    /**
     * {@code SimSwapInfo}: latestSimChange is required and may be null; monitoredPeriod (days) is
     * sent only when no change is known, for a number the registry has not seen all along.
     */
    @Serdeable
    record SimSwapInfo(@com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) OffsetDateTime latestSimChange,
                       @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer monitoredPeriod) {
    }
}
