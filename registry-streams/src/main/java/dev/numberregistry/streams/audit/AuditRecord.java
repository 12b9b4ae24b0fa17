package dev.numberregistry.streams.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request to the CAMARA APIs as the audit trail keeps it: who asked (the token's {@code sub}),
 * when, which operation, about which numbers, and what they were told.
 *
 * @param at         when the answer was given (the application's clock)
 * @param client     the token's {@code sub}
 * @param operation  the HTTP method and the route's template, {@code POST /number-recycling/v0.2/check}
 * @param numbers    the numbers the request named, as written, each once, in the order first named
 * @param status     the HTTP status of the answer
 * @param answer     the answer's body as JSON text (a CAMARA error carries its {@code code}); {@code null} for none
 * @param correlator the request's {@code x-correlator}; {@code null} when it sent none
 */
public record AuditRecord(Instant at, String client, String operation, List<String> numbers, int status,
                          String answer, String correlator) {

    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(operation, "operation");
        numbers = List.copyOf(numbers);
    }

    /**
     * This record as the index by number keeps it for one of its numbers: only that number, and of
     * an answer that lists results per number (a batch's {@code results}), only that number's.
     */
    public AuditRecord about(String number) {
        return new AuditRecord(at, client, operation, List.of(number), status, AnswerNarrowing.toNumber(answer, number),
                correlator);
    }
}
