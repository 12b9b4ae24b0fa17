package dev.numberregistry.api.web;

import dev.numberregistry.api.intake.EventDocument;
import dev.numberregistry.api.intake.EventDocuments;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import dev.numberregistry.schema.RejectedEvent;
import java.time.Instant;
import java.util.List;

/** The ops view of one number: its current state, and every event that made it. */
@Controller("/numbers")
@ExecuteOn(TaskExecutors.BLOCKING)
class NumberController {

    private final NumberQueries queries;

    NumberController(NumberQueries queries) {
        this.queries = queries;
    }

    /** The number in E.164 form; see {@link PathNumbers} for how a URL may write it. */
    @Get("/{number:[^/]+}")
    NumberState state(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return queries.state(phoneNumber).orElseThrow(() -> new NumberNotFoundException(phoneNumber.e164()));
    }

    @Get("/{number:[^/]+}/history")
    History history(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        List<EventDocument> events = queries.history(phoneNumber).stream().map(EventDocuments::fromDomain).toList();
        if (events.isEmpty()) {
            throw new NumberNotFoundException(phoneNumber.e164());
        }
        return new History(phoneNumber.e164(), events);
    }

    /** What was refused about the number, and why; 404 only if the registry never heard of it. */
    @Get("/{number:[^/]+}/rejections")
    Rejections rejections(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        List<Rejection> rejections = queries.rejections(phoneNumber).stream().map(Rejection::of).toList();
        if (rejections.isEmpty() && queries.state(phoneNumber).isEmpty()) {
            throw new NumberNotFoundException(phoneNumber.e164());
        }
        return new Rejections(phoneNumber.e164(), rejections);
    }

    /** A number's applied events, oldest first. */
    @Serdeable
    record History(String number, List<EventDocument> events) {
    }

    /** A number's refused events, oldest first. */
    @Serdeable
    record Rejections(String number, List<Rejection> rejections) {
    }

    /** One refused event: its id and type if it could be read, the reason, and where it came from. */
    @Serdeable
    record Rejection(String eventId, String eventType, String code, String reason, String origin, Instant rejectedAt) {
        static Rejection of(RejectedEvent rejected) {
            return new Rejection(rejected.getEventId(), rejected.getEventType(), rejected.getReasonCode(),
                    rejected.getReason(), rejected.getOrigin(), rejected.getRejectedAt());
        }
    }
}
