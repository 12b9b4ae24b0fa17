package dev.numberregistry.api.query;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another instance of the registry over its internal endpoints ({@link InternalApi}). Any
 * answer but a marked 200 (the owner is not ready, no longer the owner, out of reach, too slow, or
 * not a registry at all) is {@link RegistryNotReadyException}: 503 with Retry-After, never a 404
 * or a 500, because nobody could say for sure.
 *
 * <p>Each question is timed in {@code registry_forwarded_queries_seconds{query, outcome}}: the
 * query ({@code records}, {@code records-batch} for the numbers of a batch one owner is asked about
 * at once, {@code outcome}, {@code deadlines}, {@code audit}) and whether it was {@code answered} or {@code failed}.
 */
@Singleton
class PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

    static final String METER = "registry.forwarded.queries";

    private final JsonMapper json;
    private final PeerCredentials credentials;
    /** By query and outcome, made once: every series from the start, at 0, so a first failure is a rise. */
    private final Map<List<String>, Timer> timers = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    PeerClient(JsonMapper json, MeterRegistry meters, PeerCredentials credentials) {
        this.json = json;
        this.credentials = credentials;
        for (String query : List.of("records", "records-batch", "outcome", "deadlines", "audit")) {
            for (String outcome : List.of("answered", "failed")) {
                timers.put(List.of(query, outcome), Timer.builder(METER)
                        .description("Queries forwarded to the instance that owns the data")
                        .tag("query", query).tag("outcome", outcome).register(meters));
            }
        }
    }

    /** The number's records in the owner's store, as the owner read them. */
    <R> List<R> recordsOf(HostInfo owner, NumberRecords<R> kind, PhoneNumber number) {
        String path = InternalApi.PREFIX + "/stores/" + encode(kind.store()) + "/numbers/" + encode(number.e164());
        InternalApi.RecordsAnswer answer = get("records", owner, path, InternalApi.RecordsAnswer.class);
        try {
            return answer.decoded(kind);
        } catch (RuntimeException e) {
            LOG.warn("The records {} sent are unreadable", owner, e);
            throw new RegistryNotReadyException("the records " + owner + " sent are unreadable: " + e, e);
        }
    }

    Optional<EventOutcome> outcome(HostInfo owner, String eventId, PhoneNumber number, long offset) {
        String path = InternalApi.PREFIX + "/outcomes?eventId=" + encode(eventId) + "&number=" + encode(number.e164())
                + "&offset=" + offset;
        return get("outcome", owner, path, InternalApi.OutcomeAnswer.class).decoded();
    }

    /** A page of the records of a key in one of the audit trail's indexes, as the owner read them. */
    InternalApi.RecordsAnswer auditRecords(HostInfo owner, String store, String key, Instant from, Instant to, int skip,
                                           int limit) {
        // The key as a query value: a client id may hold a / that no path segment keeps.
        String path = InternalApi.PREFIX + "/audit/" + encode(store) + "?key=" + encode(key) + "&from="
                + encode(from.toString()) + "&to=" + encode(to.toString()) + "&skip=" + skip + "&limit=" + limit;
        return get("audit", owner, path, InternalApi.RecordsAnswer.class);
    }

    InternalApi.DeadlinesAnswer deadlines(HostInfo instance, Instant before, Optional<NumberStatus> status,
                                          String afterKey, int limit) {
        StringBuilder path = new StringBuilder(InternalApi.PREFIX).append("/deadlines?deadlineBefore=")
                .append(encode(before.toString())).append("&limit=").append(limit);
        status.ifPresent(s -> path.append("&state=").append(s.name()));
        if (afterKey != null) {
            path.append("&after=").append(encode(afterKey));
        }
        return get("deadlines", instance, path.toString(), InternalApi.DeadlinesAnswer.class);
    }

    InternalApi.DuePerDayAnswer deadlinesPerDay(HostInfo instance, Instant from, Instant to,
                                                Optional<NumberStatus> status) {
        StringBuilder path = new StringBuilder(InternalApi.PREFIX).append("/deadlines/per-day?from=")
                .append(encode(from.toString())).append("&to=").append(encode(to.toString()));
        status.ifPresent(s -> path.append("&state=").append(s.name()));
        return get("deadlines", instance, path.toString(), InternalApi.DuePerDayAnswer.class);
    }

    /**
     * The records of each of these numbers in the owner's store, in their order, asked in one
     * request that is sent before this returns: the caller asks the other owners meanwhile and
     * waits for all with {@link #await}. At most {@link InternalApi#MAX_NUMBERS_ASKED} numbers.
     */
    <R> CompletableFuture<List<List<R>>> recordsOfEach(HostInfo owner, NumberRecords<R> kind,
                                                       List<PhoneNumber> numbers) {
        String path = InternalApi.PREFIX + "/stores/" + encode(kind.store()) + "/numbers";
        byte[] question;
        try {
            question = json.writeValueAsBytes(new InternalApi.NumbersQuestion(
                    numbers.stream().map(PhoneNumber::e164).toList()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the numbers to ask " + owner + " about", e);
        }
        long start = System.nanoTime();
        HttpRequest request = request(owner, path).POST(HttpRequest.BodyPublishers.ofByteArray(question))
                .header("Content-Type", "application/json").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw unreachable(owner, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return answerOf(owner, path, response, InternalApi.RecordsOfEachAnswer.class);
                })
                .thenApply(answer -> decoded(owner, kind, numbers.size(), answer))
                .whenComplete((answer, failure) -> timers.get(List.of("records-batch",
                        failure == null ? "answered" : "failed")).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /**
     * The answer of {@link #recordsOfEach} once it has come.
     *
     * @throws RegistryNotReadyException if the owner could not answer, as for any forwarded query
     */
    static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RegistryNotReadyException notReady) {
                throw notReady;
            }
            throw new RegistryNotReadyException("a forwarded query failed: " + e.getCause(), e.getCause());
        }
    }

    private static <R> List<List<R>> decoded(HostInfo owner, NumberRecords<R> kind, int asked,
                                             InternalApi.RecordsOfEachAnswer answer) {
        if (answer.answers().size() != asked) {
            throw new RegistryNotReadyException(owner + " answered for " + answer.answers().size() + " numbers of the "
                    + asked + " it was asked about");
        }
        try {
            return answer.answers().stream().map(records -> records.decoded(kind)).toList();
        } catch (RuntimeException e) {
            LOG.warn("The records {} sent are unreadable", owner, e);
            throw new RegistryNotReadyException("the records " + owner + " sent are unreadable: " + e, e);
        }
    }

    private <T> T get(String query, HostInfo instance, String pathAndQuery, Class<T> type) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            T answer = ask(instance, pathAndQuery, type);
            outcome = "answered";
            return answer;
        } finally {
            timers.get(List.of(query, outcome)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private <T> T ask(HostInfo instance, String pathAndQuery, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(instance, pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(instance, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryNotReadyException("interrupted while asking " + instance, e);
        }
        return answerOf(instance, pathAndQuery, response, type);
    }

    private HttpRequest.Builder request(HostInfo instance, String pathAndQuery) {
        String host = instance.host().contains(":") ? "[" + instance.host() + "]" : instance.host();
        URI uri = URI.create("http://" + host + ":" + instance.port() + pathAndQuery);
        return HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", credentials.authorization());
    }

    private static RegistryNotReadyException unreachable(HostInfo instance, Throwable cause) {
        return new RegistryNotReadyException("the instance that owns the data, " + instance
                + ", cannot be reached: " + cause, cause);
    }

    /** Only a 200 marked by an instance of the registry is an answer; anything else is "not ready". */
    private <T> T answerOf(HostInfo instance, String pathAndQuery, HttpResponse<byte[]> response, Class<T> type) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            // Not a passing state, like a rebalance: it lasts until an operator mends the configuration.
            LOG.warn("{} refused this instance's credentials ({}): do all instances share registry.security."
                    + "internal-secret?", instance, response.statusCode());
            throw new RegistryNotReadyException("the instance that owns the data, " + instance
                    + ", refused this instance's credentials (" + response.statusCode() + ")");
        }
        Optional<String> answeredBy = response.headers().firstValue(InternalApi.ANSWERED_BY);
        if (answeredBy.isEmpty()) {
            throw new RegistryNotReadyException("what answers at " + instance + " (" + response.statusCode()
                    + ") is not an instance of the registry");
        }
        if (response.statusCode() != 200) {
            throw new RegistryNotReadyException("the instance that owns the data, " + answeredBy.get()
                    + ", cannot answer now (" + response.statusCode() + "): "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The internal answer of {} to {} is unreadable", answeredBy.get(), pathAndQuery, e);
            throw new RegistryNotReadyException("the answer of " + answeredBy.get() + " is unreadable: " + e, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
