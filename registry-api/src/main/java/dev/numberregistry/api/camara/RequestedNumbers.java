package dev.numberregistry.api.camara;

import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
        return servedHere(state);
    }

    /**
     * What a batch learns of each of its numbers, in their order, as {@link #stateOf} would one by
     * one; the numbers not held here are validated, then asked of their owners together
     * ({@link NumberQueries#states}: one request per other instance, all at once).
     *
     * @param phoneNumbers in the contract's form ({@link CamaraRequests#requireContractForm})
     */
    List<Lookup> statesOf(List<String> phoneNumbers) {
        List<Lookup> lookups = new ArrayList<>(Collections.nCopies(phoneNumbers.size(), null));
        List<Integer> notHeldHere = new ArrayList<>();
        List<PhoneNumber> toAsk = new ArrayList<>();
        for (int i = 0; i < phoneNumbers.size(); i++) {
            String phoneNumber = phoneNumbers.get(i);
            CamaraRequests.requireContractForm(phoneNumber);
            Optional<NumberState> heldHere = queries.localStateAsWritten(phoneNumber);
            if (heldHere.isPresent()) {
                lookups.set(i, Lookup.found(servedHere(heldHere)));
                continue;
            }
            try {
                toAsk.add(CamaraRequests.phoneNumberOf(phoneNumber));
                notHeldHere.add(i);
            } catch (CamaraException invalid) {
                lookups.set(i, Lookup.invalid(invalid));
            }
        }
        List<Optional<NumberState>> asked = queries.states(toAsk);
        for (int j = 0; j < notHeldHere.size(); j++) {
            lookups.set(notHeldHere.get(j), Lookup.found(servedHere(asked.get(j))));
        }
        return lookups;
    }

    /**
     * One number of a batch: its state (empty when the registry does not know it or another
     * operator serves it now), or, when it is no valid number, why.
     */
    record Lookup(Optional<NumberState> state, Optional<CamaraException> invalid) {
        static Lookup found(Optional<NumberState> state) {
            return new Lookup(state, Optional.empty());
        }

        static Lookup invalid(CamaraException why) {
            return new Lookup(Optional.empty(), Optional.of(why));
        }
    }

    private static Optional<NumberState> servedHere(Optional<NumberState> state) {
        return state.filter(known -> known.status() != NumberStatus.PORTED_OUT);
    }
}
