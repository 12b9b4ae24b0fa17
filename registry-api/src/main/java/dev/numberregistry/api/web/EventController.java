package dev.numberregistry.api.web;

import dev.numberregistry.api.intake.EventIntake;
import dev.numberregistry.api.intake.IntakeReport;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * For billing systems that cannot speak Kafka: one event as a JSON object, or a batch as an
 * array. The answer says, per event, whether the event log accepted it; events are idempotent
 * by id, so a batch that failed half-way can be sent again whole.
 */
@Controller("/events")
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    /** 202 when at least one event was accepted, 422 when none was; the body says which. */
    @Post
    HttpResponse<IntakeReport> submit(@Body JsonNode body) {
        List<JsonNode> documents = documentsOf(body);
        IntakeReport report = intake.submit(documents);
        HttpStatus status = report.accepted() > 0 ? HttpStatus.ACCEPTED : HttpStatus.UNPROCESSABLE_ENTITY;
        return HttpResponse.status(status).body(report);
    }

    private static List<JsonNode> documentsOf(JsonNode body) {
        if (!body.isArray()) {
            return List.of(body);
        }
        if (body.size() == 0) {
            throw new BadSubmissionException("the batch is empty");
        }
        if (body.size() > EventIntake.MAX_EVENTS_PER_REQUEST) {
            throw new BadSubmissionException("a batch holds at most " + EventIntake.MAX_EVENTS_PER_REQUEST
                    + " events, this one " + body.size() + "; split it");
        }
        List<JsonNode> documents = new ArrayList<>(body.size());
        body.values().forEach(documents::add);
        return documents;
    }

    /** The request as a whole cannot be taken, whatever its events say. */
    static final class BadSubmissionException extends ApiProblemException {
        BadSubmissionException(String message) {
            super(HttpStatus.BAD_REQUEST, "BAD_SUBMISSION", message);
        }
    }
}
