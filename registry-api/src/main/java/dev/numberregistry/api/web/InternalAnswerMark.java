package dev.numberregistry.api.web;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.query.InternalApi;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Marks every answer of the internal query API, errors included, with the address of the instance
 * that gave it: a caller trusts an answer only with this mark, so that an empty answer (an unknown
 * number) from something else at the owner's address is never taken for the owner's.
 */
@ServerFilter(InternalApi.PREFIX + "/**")
final class InternalAnswerMark {

    private final RunningStreams running;

    InternalAnswerMark(RunningStreams running) {
        this.running = running;
    }

    @ResponseFilter
    void mark(MutableHttpResponse<?> response) {
        String self = running.started().map(started -> started.self().host() + ":" + started.self().port())
                .orElse("starting");
        response.header(InternalApi.ANSWERED_BY, self);
    }
}
