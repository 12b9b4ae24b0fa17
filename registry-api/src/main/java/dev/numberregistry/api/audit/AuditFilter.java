package dev.numberregistry.api.audit;

import dev.numberregistry.api.camara.CamaraError;
import dev.numberregistry.streams.audit.AuditRecord;
import dev.numberregistry.streams.audit.AuditRecordSerde;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every request to the CAMARA APIs that reached an operation, whatever the answer, on the
 * audit trail ({@link AuditTrail}): who (the token's {@code sub}), when, the operation (method and
 * route), the numbers its body names ({@link AskedNumbers}), the status and body of the answer,
 * and the {@code x-correlator}. An operation needs to do nothing to be audited.
 *
 * <p>It runs after the security filter: a request refused for its token (401, 403) reached no
 * operation and is not recorded. The answer goes out once Kafka has its record; if Kafka cannot
 * take it within {@code registry.audit.write-timeout}, the answer is withheld and the caller gets
 * 503 {@code UNAVAILABLE} instead, so that nothing is disclosed that the trail does not show (see
 * "Audit trail" in the README).
 */
@ServerFilter({"/number-recycling/**", "/sim-swap/**"})
final class AuditFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final String BODY = AuditFilter.class.getName() + ".body";
    private static final String X_CORRELATOR = "x-correlator";
    /** Long enough for a leader to move, short enough that a client retries soon. */
    private static final String RETRY_AFTER_SECONDS = "5";

    private final AuditTrail trail;
    private final JsonMapper json;
    private final Clock clock;
    private final Executor answering;

    AuditFilter(AuditTrail trail, JsonMapper json, Clock clock, @Named(TaskExecutors.BLOCKING) Executor answering) {
        this.trail = trail;
        this.json = json;
        this.clock = clock;
        this.answering = answering;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    /** The body as it came, for the numbers it names: the operation reads its own copy. */
    @RequestFilter
    void keepBody(HttpRequest<?> request, @Body @Nullable byte[] body) {
        if (body != null) {
            request.setAttribute(BODY, body);
        }
    }

    @ResponseFilter
    CompletionStage<MutableHttpResponse<?>> record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<String> client = request.getUserPrincipal().map(Principal::getName);
        if (client.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        AuditRecord record = new AuditRecord(clock.instant(), client.get(), operationOf(request),
                AskedNumbers.in(request.getAttribute(BODY, byte[].class).orElse(null), json), response.code(),
                answerOf(response), request.getHeaders().get(X_CORRELATOR));
        // Carried on by the executor the operations run on: the producer's own thread, which completes the
        // record, must go back to sending the next ones rather than write this answer out.
        return trail.record(record).handleAsync((written, failure) -> {
            if (failure == null) {
                return response;
            }
            LOG.error("The audit trail could not take the record of a request, whose answer ({}) was withheld: {}",
                    response.code(), new String(AuditRecordSerde.toJson(record), StandardCharsets.UTF_8), failure);
            return CamaraError.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "Service unavailable: the "
                            + "registry could not record this request in its audit trail, so it answers nothing; "
                            + "try again later.").toResponse()
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }, answering);
    }

    /** The method and the route's template ({@code POST /number-recycling/v0.2/check}), else the path as asked. */
    private static String operationOf(HttpRequest<?> request) {
        String route = RouteAttributes.getRouteMatch(request)
                .map(match -> match.getRouteInfo() instanceof UriRouteInfo<?, ?> uri
                        ? uri.getUriMatchTemplate().toPathString() : null)
                .orElse(request.getPath());
        return request.getMethodName() + " " + route;
    }

    /** The body the caller receives, as JSON; none for an empty answer. */
    private String answerOf(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (body == null) {
            return null;
        }
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            // Never the case for the operations' own answers; the trail still shows the status.
            return "{\"unwritableAnswer\":\"" + body.getClass().getName() + "\"}";
        }
    }
}
