package dev.numberregistry.api.web;

import dev.numberregistry.api.intake.EventIntake;
import dev.numberregistry.api.intake.IntakeReport;
import dev.numberregistry.api.intake.PostedDocument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.Optional;
import java.util.List;

/**
 * For billing systems that cannot speak Kafka: one event as a JSON object, or a batch as an
 * array. The answer says, per event, whether the event log accepted it; events are idempotent
 * by id, so a batch that failed half-way can be sent again whole.
 */
@Controller("/events")
@ExecuteOn(TaskExecutors.BLOCKING)
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    /** The longest a caller may wait for the registry's verdict. */
    static final Duration MAX_AWAIT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);

    /**
     * 202 when at least one event was accepted, 422 when none was; the body says which. With
     * {@code await=true} the answer waits (up to {@code timeout}) until the registry has applied
     * or rejected each accepted event, and says which (200).
     */
    @Post(consumes = MediaType.APPLICATION_JSON)
    HttpResponse<IntakeReport> submit(@Body byte[] body, @QueryValue(defaultValue = "false") boolean await,
                                      @Nullable @QueryValue Duration timeout) {
        List<PostedDocument> documents = EventBody.read(body);
        Optional<Duration> patience = await ? Optional.of(patience(timeout)) : Optional.empty();
        IntakeReport report = intake.submit(documents, patience);
        HttpStatus status = report.accepted() == 0 ? HttpStatus.UNPROCESSABLE_ENTITY
                : await ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return HttpResponse.status(status).body(report);
    }

    private static Duration patience(Duration requested) {
        if (requested == null) {
            return DEFAULT_AWAIT;
        }
        if (requested.isNegative() || requested.compareTo(MAX_AWAIT) > 0) {
            throw new BadSubmissionException("timeout must be between 0 and " + MAX_AWAIT.toSeconds() + "s");
        }
        return requested;
    }

    /** The request as a whole cannot be taken, whatever its events say. */
    static final class BadSubmissionException extends ApiProblemException {
        BadSubmissionException(String message) {
            super(HttpStatus.BAD_REQUEST, "BAD_SUBMISSION", message);
        }
    }
}
