package dev.numberregistry.api.web;

import dev.numberregistry.api.intake.EventDocument;
import dev.numberregistry.api.intake.EventDocuments;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The ops view of one number: its current state, and every event that made it. */
@Controller("/numbers")
class NumberController {

    private final NumberQueries queries;

    NumberController(NumberQueries queries) {
        this.queries = queries;
    }

    /** The number in E.164 form; in a URL, write its + as %2B. */
    @Get("/{number}")
    NumberState state(String number) {
        PhoneNumber phoneNumber = PhoneNumber.parse(number);
        return queries.state(phoneNumber).orElseThrow(() -> new NumberNotFoundException(phoneNumber.e164()));
    }

    @Get("/{number}/history")
    History history(String number) {
        PhoneNumber phoneNumber = PhoneNumber.parse(number);
        List<EventDocument> events = queries.history(phoneNumber).stream().map(EventDocuments::fromDomain).toList();
        if (events.isEmpty()) {
            throw new NumberNotFoundException(phoneNumber.e164());
        }
        return new History(phoneNumber.e164(), events);
    }

    /** A number's applied events, oldest first. */
    @Serdeable
    record History(String number, List<EventDocument> events) {
    }
}
