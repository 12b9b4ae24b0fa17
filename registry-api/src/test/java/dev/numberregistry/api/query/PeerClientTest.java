package dev.numberregistry.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.numberregistry.api.FreePorts;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.PlanType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a forwarded query makes of the owner's answer: only a marked 200 is an answer; anything
 * else (out of reach, not ready, not a registry) is "not ready", never "unknown" or an error.
 */
class PeerClientTest {

    private static final PhoneNumber NUMBER = PhoneNumber.parse("+33612345678");

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static final String CREDENTIALS = "Bearer an-instance-token";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeerClient client = new PeerClient(JSON, meters, () -> CREDENTIALS);
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server that answers every request with this status, body and (if not null) mark. */
    private HostInfo answering(int status, String body, String mark) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] question = exchange.getRequestBody().readAllBytes();
            if (question.length > 0) {
                questions.add(new String(question, StandardCharsets.UTF_8));
            }
            if (mark != null) {
                exchange.getResponseHeaders().add(InternalApi.ANSWERED_BY, mark);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    @Test
    void theOwnersStateRoundTripsExactly() throws IOException {
        NumberState state = NumberState.newBuilder().setNumber(NUMBER.e164()).setStatus(
                dev.numberregistry.schema.NumberStatus.ACTIVE).setAppliedEvents(3).setLastEventId("e-3")
                .setLastEventAt(Instant.parse("2030-01-02T03:04:05.678Z")).build();
        state.setHolder(dev.numberregistry.schema.Holder.newBuilder().setSubscriberRef("sub-1")
                .setPlanType(PlanType.PREPAID).setTenureStart(Instant.parse("2030-01-01T00:00:00Z"))
                .setAssignmentNumber(1).build());
        String body = JSON.writeValueAsString(InternalApi.RecordsAnswer.of(NumberRecords.STATE, List.of(state)));

        assertThat(stateFrom(answering(200, body, "owner:1"))).contains(state);
    }

    @Test
    void theOwnersEmptyAnswerMeansUnknown() throws IOException {
        assertThat(stateFrom(answering(200, "{}", "owner:1"))).isEqualTo(Optional.empty());
    }

    @Test
    void everyQueryCarriesTheInstancesCredentials() throws IOException {
        HostInfo owner = answering(200, "{}", "owner:1");
        stateFrom(owner);
        client.deadlines(owner, Instant.parse("2030-01-01T00:00:00Z"), Optional.empty(), null, 10);

        assertThat(authorizations).containsExactly(CREDENTIALS, CREDENTIALS);
    }

    @Test
    void anOwnerThatRefusesTheCredentialsIsNotReady() throws IOException {
        HostInfo strict = answering(401, "{\"code\":\"UNAUTHORIZED\"}", "owner:1");

        assertThatThrownBy(() -> stateFrom(strict)).isInstanceOf(RegistryNotReadyException.class)
                .hasMessageContaining("refused this instance's credentials (401)");
    }

    @Test
    void anOwnerOutOfReachIsNotReady() {
        HostInfo nobody = new HostInfo("127.0.0.1", FreePorts.freePort());

        assertThatThrownBy(() -> stateFrom(nobody)).isInstanceOf(RegistryNotReadyException.class)
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void anOwnerThatCannotAnswerNowIsNotReady() throws IOException {
        HostInfo moved = answering(503, "{\"code\":\"NOT_READY\"}", "owner:1");

        assertThatThrownBy(() -> client.recordsOf(moved, NumberRecords.HISTORY, NUMBER))
                .isInstanceOf(RegistryNotReadyException.class)
                .hasMessageContaining("cannot answer now (503)");
    }

    @Test
    void anUnmarkedAnswerIsNotTrustedEvenWhenItLooksLikeOne() throws IOException {
        HostInfo impostor = answering(200, "{}", null);

        assertThatThrownBy(() -> stateFrom(impostor)).isInstanceOf(RegistryNotReadyException.class)
                .hasMessageContaining("not an instance of the registry");
    }

    @Test
    void aNotFoundFromSomethingElseIsNotReadyNotUnknown() throws IOException {
        HostInfo other = answering(404, "no such page", null);

        assertThatThrownBy(() -> client.recordsOf(other, NumberRecords.REJECTIONS, NUMBER))
                .isInstanceOf(RegistryNotReadyException.class);
    }

    @Test
    void everyForwardedQueryIsTimedAsAnsweredOrFailed() throws IOException {
        HostInfo owner = answering(200, "{}", "owner:1");
        stateFrom(owner);
        stateFrom(owner);
        assertThatThrownBy(() -> stateFrom(new HostInfo("127.0.0.1", FreePorts.freePort())))
                .isInstanceOf(RegistryNotReadyException.class);

        assertThat(forwarded("records", "answered")).isEqualTo(2);
        assertThat(forwarded("records", "failed")).isEqualTo(1);
        assertThat(forwarded("outcome", "failed")).as("there from the start, at 0").isZero();
    }

    @Test
    void theNumbersOfABatchAreAskedInOneRequestAndAnsweredInTheirOrder() throws IOException {
        PhoneNumber other = PhoneNumber.parse("+33612345679");
        NumberState state = NumberState.newBuilder().setNumber(other.e164()).setStatus(
                dev.numberregistry.schema.NumberStatus.ACTIVE).setAppliedEvents(1).setLastEventId("e-1")
                .setLastEventAt(Instant.parse("2030-01-02T03:04:05Z")).build();
        String body = JSON.writeValueAsString(new InternalApi.RecordsOfEachAnswer(List.of(
                InternalApi.RecordsAnswer.of(NumberRecords.STATE, List.of()),
                InternalApi.RecordsAnswer.of(NumberRecords.STATE, List.of(state)))));
        HostInfo owner = answering(200, body, "owner:1");

        List<List<NumberState>> answered = PeerClient.await(client.recordsOfEach(owner, NumberRecords.STATE,
                List.of(NUMBER, other)));

        assertThat(answered).containsExactly(List.of(), List.of(state));
        assertThat(authorizations).containsExactly(CREDENTIALS);
        assertThat(questions).containsExactly("{\"numbers\":[\"" + NUMBER.e164() + "\",\"" + other.e164() + "\"]}");
        assertThat(forwarded("records-batch", "answered")).isEqualTo(1);
    }

    @Test
    void aBatchAnswerForOtherNumbersThanAskedIsNotReady() throws IOException {
        String oneAnswer = JSON.writeValueAsString(new InternalApi.RecordsOfEachAnswer(List.of(
                InternalApi.RecordsAnswer.of(NumberRecords.STATE, List.of()))));
        HostInfo owner = answering(200, oneAnswer, "owner:1");

        assertThatThrownBy(() -> PeerClient.await(client.recordsOfEach(owner, NumberRecords.STATE,
                List.of(NUMBER, PhoneNumber.parse("+33612345679")))))
                .isInstanceOf(RegistryNotReadyException.class).hasMessageContaining("answered for 1 numbers of the 2");
        assertThat(forwarded("records-batch", "failed")).isEqualTo(1);
    }

    @Test
    void aBatchOwnerOutOfReachOrNotReadyIsNotReady() throws IOException {
        HostInfo nobody = new HostInfo("127.0.0.1", FreePorts.freePort());
        assertThatThrownBy(() -> PeerClient.await(client.recordsOfEach(nobody, NumberRecords.STATE, List.of(NUMBER))))
                .isInstanceOf(RegistryNotReadyException.class).hasMessageContaining("cannot be reached");

        HostInfo moved = answering(503, "{\"code\":\"NOT_READY\"}", "owner:1");
        assertThatThrownBy(() -> PeerClient.await(client.recordsOfEach(moved, NumberRecords.STATE, List.of(NUMBER))))
                .isInstanceOf(RegistryNotReadyException.class).hasMessageContaining("cannot answer now (503)");
        assertThat(forwarded("records-batch", "failed")).isEqualTo(2);
    }

    /** The owner answers only once both questions have reached it: so they were in flight at once. */
    @Test
    void batchQuestionsToSeveralOwnersAreInFlightAtOnce() throws IOException {
        CountDownLatch bothAsked = new CountDownLatch(2);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(2);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            bothAsked.countDown();
            boolean together;
            try {
                together = bothAsked.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                together = false;
            }
            exchange.getResponseHeaders().add(InternalApi.ANSWERED_BY, "owner:1");
            byte[] bytes = (together ? "{\"answers\":[{}]}" : "{\"answers\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        HostInfo owner = new HostInfo("127.0.0.1", server.getAddress().getPort());

        CompletableFuture<List<List<NumberState>>> first = client.recordsOfEach(owner, NumberRecords.STATE, List.of(NUMBER));
        CompletableFuture<List<List<NumberState>>> second = client.recordsOfEach(owner, NumberRecords.STATE, List.of(NUMBER));

        try {
            assertThat(PeerClient.await(first)).containsExactly(List.of());
            assertThat(PeerClient.await(second)).containsExactly(List.of());
        } finally {
            handlers.shutdownNow();
        }
    }

    private long forwarded(String query, String outcome) {
        return meters.get(PeerClient.METER).tag("query", query).tag("outcome", outcome).timer().count();
    }

    /** The owner's state of the number, as a forwarded query reads it. */
    private Optional<NumberState> stateFrom(HostInfo owner) {
        return client.recordsOf(owner, NumberRecords.STATE, NUMBER).stream().findFirst();
    }

}
