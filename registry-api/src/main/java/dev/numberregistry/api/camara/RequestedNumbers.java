package dev.numberregistry.api.camara;

import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The state of the number a CAMARA request names. A number this instance holds is found as
 * written, before libphonenumber validates it: the registry stores only numbers it validated, and
 * validating costs more than the rest of a check (a batch does it a thousand times). A number not
 * found that way is validated first, so a bad one still gets INVALID_ARGUMENT with its reason, and
 * is then looked up wherever it lives. A number ported out is served by another operator: the
 * APIs answer for it as for any number this operator does not serve (404, or NO_DATA in a batch),
 * as the contract's own example does.
 */
@Singleton
class RequestedNumbers {

    private final NumberQueries queries;

    RequestedNumbers(NumberQueries queries) {
        this.queries = queries;
    }

    /** Empty when the registry does not know the number, or another operator serves it now. */
    Optional<NumberState> stateOf(String phoneNumber) {
        CamaraRequests.requireContractForm(phoneNumber);
        Optional<NumberState> heldHere = queries.localStateAsWritten(phoneNumber);
        Optional<NumberState> state = heldHere.isPresent() ? heldHere
                : queries.state(CamaraRequests.phoneNumberOf(phoneNumber));
        return state.filter(known -> known.status() != NumberStatus.PORTED_OUT);
    }
}
