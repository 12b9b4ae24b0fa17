package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bank subscribes over HTTP and its sink, a real HTTP server, is sent a CloudEvent for each
 * change of hands of a number it watches: in order, signed, again after the sink was down, and
 * never about another number or for another bank.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionsApiTest implements EmbeddedRegistryTestProperties {

    static final String SUBSCRIPTIONS = "/number-recycling/v0.2/subscriptions";
    static final String RECYCLED = "dev.numberregistry.number-recycling.v0.number-recycled";
    static final String CANCELLED = "dev.numberregistry.number-recycling.v0.number-cancelled";
    static final String REVERSED = "dev.numberregistry.number-recycling.v0.recycling-reversed";
    static final String SWAPPED = "dev.numberregistry.sim-swap.v0.swapped";
    static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    private static final AtomicInteger NUMBERS = new AtomicInteger(5550100);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    private final List<RecordingSink> sinks = new ArrayList<>();

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.subscriptions.sinks.allow-http", "true",
                "registry.subscriptions.sinks.allowed-networks", "127.0.0.0/8",
                "registry.subscriptions.initial-backoff", "100ms",
                "registry.subscriptions.max-backoff", "400ms",
                "registry.subscriptions.suspend-after", "4s");
    }

    record Reply(int status, Map<String, Object> body) {
    }

    @BeforeAll
    void untilTheRegistryAnswers() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> http.toBlocking().exchange(HttpRequest.GET("/health/readiness")).code() == 200);
    }

    @AfterAll
    void closeSinks() {
        sinks.forEach(RecordingSink::close);
    }

    @Test
    void aWatchedNumberRecycledReachesTheSinkAsASignedCloudEvent() throws IOException {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String number = nextNumber();
        Reply created = post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["%s"],
                 "sinkCredential":{"credentialType":"HMAC","secret":"%s"},
                 "config":{"subscriptionDetail":{"phoneNumber":"%s","lastVerified":"2026-01-01"}}}"""
                .formatted(sink.url(), RECYCLED, SECRET, number), bank);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = (String) created.body().get("id");
        assertThat(created.body()).containsEntry("status", "ACTIVE").containsEntry("sink", sink.url())
                .doesNotContainKey("sinkCredential");

        recycle(number, "r1");

        RecordingSink.Received event = awaitEvents(sink, 1).get(0);
        Map<String, Object> cloudEvent = read(event.body());
        assertThat(cloudEvent).containsEntry("specversion", "1.0").containsEntry("type", RECYCLED)
                .containsEntry("id", "r1-recycled").containsEntry("source", "/number-recycling/v0.2/subscriptions/" + id)
                .containsEntry("datacontenttype", "application/json").containsEntry("time", "2030-01-05T00:00:00Z");
        assertThat((Map<String, Object>) cloudEvent.get("data")).containsEntry("phoneNumber", number)
                .containsEntry("subscriptionId", id).containsKeys("quarantineEndsAt", "ageingPeriod");
        assertThat(event.headers()).containsEntry("content-type", "application/cloudevents+json")
                .containsEntry("webhook-id", "r1-recycled");
        assertThat(event.headers().get("webhook-signature")).isEqualTo(WebhookSignature.sign(SECRET, "r1-recycled",
                Long.parseLong(event.headers().get("webhook-timestamp")), event.body().getBytes()));
    }

    @Test
    void aNumberNotWatchedAndAKindNotAskedForAreNotSent() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String watched = nextNumber();
        String other = nextNumber();
        String id = subscribe(bank, sink, List.of(RECYCLED), "ACCESSTOKEN");
        watch(bank, id, watched);

        recycle(other, "n1");
        recycle(watched, "n2");

        List<RecordingSink.Received> events = awaitEvents(sink, 1);
        assertThat(events).extracting(e -> read(e.body()).get("id")).containsExactly("n2-recycled");
        assertThat(events.get(0).headers()).containsEntry("authorization", "Bearer the-banks-token");
        assertThat(sink.received()).as("the cancellation before the recycling was not asked for").hasSize(1);
    }

    @Test
    void theChangesOfANumberArriveInTheirOrder() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String id = subscribe(bank, sink, List.of(RECYCLED, CANCELLED, REVERSED), "HMAC");
        List<String> numbers = List.of(nextNumber(), nextNumber(), nextNumber());
        numbers.forEach(number -> watch(bank, id, number));

        for (String number : numbers) {
            recycle(number, "o-" + number);
            recover(number, "o-" + number);
        }

        List<RecordingSink.Received> events = awaitEvents(sink, 9);
        for (String number : numbers) {
            assertThat(events.stream().map(e -> read(e.body())).filter(e -> number.equals(data(e).get("phoneNumber")))
                    .map(e -> (String) e.get("type")).toList()).containsExactly(CANCELLED, RECYCLED, REVERSED);
        }
    }

    @Test
    void whatASinkMissedWhileDownReachesItWhenItComesBack() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String id = subscribe(bank, sink, List.of(RECYCLED, CANCELLED, REVERSED), "HMAC");
        String number = nextNumber();
        watch(bank, id, number);
        sink.goDown();

        recycle(number, "d1");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> statusOf(id).get("state").equals("RETRYING"));
        sink.comeBack();

        List<RecordingSink.Received> events = awaitEvents(sink, 2);
        assertThat(events).extracting(e -> read(e.body()).get("type")).containsExactly(CANCELLED, RECYCLED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusOf(id))
                .containsEntry("state", "ACTIVE").containsEntry("delivered", 2).containsEntry("pending", 0));
    }

    @Test
    void aSinkDownPastThePatienceIsSuspendedAndOpsResumeItWithEverythingItMissed() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write", "number-recycling:subscriptions:read");
        String id = subscribe(bank, sink, List.of(RECYCLED, CANCELLED, REVERSED), "HMAC");
        String first = nextNumber();
        String second = nextNumber();
        watch(bank, id, first);
        watch(bank, id, second);
        sink.answer(503);

        recycle(first, "s1");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> statusOf(id).get("state").equals("SUSPENDED"));
        assertThat(get(SUBSCRIPTIONS + "/" + id, bank).body()).containsEntry("status", "INACTIVE")
                .containsEntry("statusReason", "NETWORK_TERMINATED");
        assertThat((String) statusOf(id).get("lastError")).contains("503");
        recycle(second, "s2");
        sink.answer(204);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(id).get("missedFrom") != null);

        Reply resumed = post("/subscriptions/" + id + "/resume", "", ops("registry:subscriptions:manage"));
        assertThat(resumed.status()).as("%s", resumed.body()).isEqualTo(202);

        List<RecordingSink.Received> events = awaitEvents(sink, 4);
        assertThat(events).extracting(e -> read(e.body()).get("id"))
                .containsExactlyInAnyOrder("s1-cancelled", "s1-recycled", "s2-cancelled", "s2-recycled");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(id).get("state").equals("ACTIVE"));
        assertThat(get(SUBSCRIPTIONS + "/" + id, bank).body()).containsEntry("status", "ACTIVE");
        recover(first, "s1");
        assertThat(awaitEvents(sink, 5)).last().extracting(e -> read(e.body()).get("id")).isEqualTo("s1-reversed");
    }

    @Test
    void aWatchlistOfAHundredThousandNumbersGetsExactlyItsNumbersEvents() {
        RecordingSink sink = sink();
        String bank = token("bank-big", "number-recycling:subscriptions:write");
        String id = subscribe(bank, sink, List.of(RECYCLED), "HMAC");
        List<String> watched = IntStream.range(0, 100_000).mapToObj(i -> "+1650" + (2_000_000 + i)).toList();
        for (int page = 0; page < 10; page++) {
            String numbers = watched.subList(page * 10_000, (page + 1) * 10_000).stream()
                    .map(n -> "{\"phoneNumber\":\"" + n + "\",\"lastVerified\":\"2026-01-01\"}")
                    .collect(Collectors.joining(","));
            Reply taken = post(SUBSCRIPTIONS + "/" + id + "/watchlist", "{\"numbers\":[" + numbers + "]}", bank);
            assertThat(taken.body()).as("page %d", page).containsEntry("numbers", 10_000);
        }
        List<String> recycledWatched = IntStream.range(0, 40).mapToObj(i -> watched.get(i * 2_500 + 7)).toList();
        List<String> recycledOthers = IntStream.range(0, 40).mapToObj(i -> "+1650" + (3_000_000 + i)).toList();
        List<String> removed = List.of(watched.get(99_999));
        post(SUBSCRIPTIONS + "/" + id + "/watchlist/removals", "{\"phoneNumbers\":[\"" + removed.get(0) + "\"]}", bank);

        List<String> stories = new ArrayList<>();
        for (String number : concat(recycledWatched, recycledOthers, removed)) {
            stories.add(story(number, "big-" + number));
        }
        events("[" + String.join(",", stories) + "]");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().size() >= recycledWatched.size());
        String control = nextNumber();
        watch(bank, id, control);
        recycle(control, "big-control");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> sink.received().size() >= recycledWatched.size() + 1);
        assertThat(sink.received()).extracting(e -> (String) data(read(e.body())).get("phoneNumber"))
                .as("the watched numbers, then the control sent after all of them, and nothing else")
                .containsExactlyInAnyOrderElementsOf(concat(recycledWatched, List.of(control)));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    @Test
    void aSimChangeOfAWatchedNumberReachesASubscriberOfSimSwapsOnce() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write", "sim-swap:check");
        String id = subscribe(bank, sink, List.of(SWAPPED), "HMAC");
        String number = nextNumber();
        watch(bank, id, number);

        events("""
                [{"eventId":"sim-1","number":"%1$s","type":"NumberAssigned","occurredAt":"2030-01-01T00:00:00Z","source":"billing","subscriberRef":"holder-sim","planType":"POSTPAID"},
                 {"eventId":"sim-2","number":"%1$s","type":"TopUpMade","occurredAt":"2030-01-10T00:00:00Z","source":"billing","amountMinorUnits":100,"currency":"USD","validUntil":"2030-03-01T00:00:00Z"},
                 {"eventId":"sim-3","number":"%1$s","type":"SimChanged","occurredAt":"2030-02-01T00:00:00Z","source":"billing"}]"""
                .formatted(number));

        List<RecordingSink.Received> events = awaitEvents(sink, 2);
        assertThat(events).extracting(e -> read(e.body())).allSatisfy(e -> assertThat(e).containsEntry("type", SWAPPED))
                .extracting(e -> data(e).get("latestSimChange"))
                .as("the activation counts as a SIM change, as CAMARA SIM Swap has it; the top-up is none")
                .containsExactly("2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z");
        assertThat(read(events.get(1).body())).containsEntry("id", "sim-change/" + number + "/2030-02-01T00:00:00Z");
        String control = nextNumber();
        watch(bank, id, control);
        events("""
                [{"eventId":"sim-4","number":"%1$s","type":"NumberAssigned","occurredAt":"2030-01-01T00:00:00Z","source":"billing","subscriberRef":"holder-sim","planType":"POSTPAID"}]"""
                .formatted(control));
        assertThat(awaitEvents(sink, 3)).hasSize(3).last().extracting(e -> data(read(e.body())).get("phoneNumber"))
                .isEqualTo(control);
    }

    @Test
    void onlyAClientThatMayAskSimSwapIsPushedSimChanges() {
        String bank = token("bank-a", "number-recycling:subscriptions:write");

        Reply refused = post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["%s"]}""".formatted(sink().url(), SWAPPED), bank);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).containsEntry("code", "PERMISSION_DENIED");
    }

    @Test
    void aBankNeitherSeesNorDeletesAnotherBanksSubscription() {
        RecordingSink sink = sink();
        String bankA = token("bank-a", "number-recycling:subscriptions:write");
        String bankB = token("bank-b", "number-recycling:subscriptions:write");
        String id = subscribe(bankA, sink, List.of(RECYCLED), "HMAC");

        assertThat(get(SUBSCRIPTIONS + "/" + id, bankB).status()).isEqualTo(404);
        assertThat(delete(SUBSCRIPTIONS + "/" + id, bankB).status()).isEqualTo(404);
        assertThat(post(SUBSCRIPTIONS + "/" + id + "/watchlist", """
                {"numbers":[{"phoneNumber":"+14155550000","lastVerified":"2026-01-01"}]}""", bankB).status())
                .isEqualTo(404);
        assertThat(listOf(bankB)).extracting(s -> s.get("id")).doesNotContain(id);
        assertThat(get(SUBSCRIPTIONS + "/" + id, bankA).status()).isEqualTo(200);
        assertThat(listOf(bankA)).extracting(s -> s.get("id")).contains(id);
    }

    @Test
    void aDeletedSubscriptionIsToldItEndedAndSentNothingMore() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String id = subscribe(bank, sink, List.of(RECYCLED), "HMAC");
        String number = nextNumber();
        watch(bank, id, number);

        assertThat(delete(SUBSCRIPTIONS + "/" + id, bank).status()).isEqualTo(204);
        Map<String, Object> ended = read(awaitEvents(sink, 1).get(0).body());
        assertThat(ended).containsEntry("type", "dev.numberregistry.number-recycling.v0.subscription-ends");
        assertThat(data(ended)).containsEntry("terminationReason", "SUBSCRIPTION_DELETED").containsEntry("subscriptionId", id);
        assertThat(get(SUBSCRIPTIONS + "/" + id, bank).status()).isEqualTo(404);

        recycle(number, "x1");
        String control = nextNumber();
        String later = subscribe(bank, sink, List.of(RECYCLED), "HMAC");
        watch(bank, later, control);
        recycle(control, "x2");
        assertThat(awaitEvents(sink, 2)).extracting(e -> read(e.body()).get("id"))
                .as("nothing for the deleted one, though its number was recycled first")
                .containsExactly("subscription-ends-" + id, "x2-recycled");
    }

    @Test
    void aSubscriptionEndsAfterItsMaximumOfEvents() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        String number = nextNumber();
        Reply created = post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["%s","%s"],
                 "config":{"subscriptionMaxEvents":1,"subscriptionDetail":{"phoneNumber":"%s"}}}"""
                .formatted(sink.url(), RECYCLED, CANCELLED, number), bank);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);

        recycle(number, "m1");

        List<RecordingSink.Received> events = awaitEvents(sink, 2);
        assertThat(events).extracting(e -> read(e.body()).get("id"))
                .containsExactly("m1-cancelled", "subscription-ends-" + created.body().get("id"));
        assertThat(data(read(events.get(1).body()))).containsEntry("terminationReason", "MAX_EVENTS_REACHED");
    }

    @Test
    void aSubscriptionEndsAtItsExpiryTimeAndSaysSo() {
        RecordingSink sink = sink();
        String bank = token("bank-a", "number-recycling:subscriptions:write", "number-recycling:subscriptions:read");
        String expiry = java.time.Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Reply created = post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["%s"],"config":{"subscriptionExpireTime":"%s"}}"""
                .formatted(sink.url(), RECYCLED, expiry), bank);
        assertThat(created.body()).containsEntry("expiresAt", expiry);
        String id = (String) created.body().get("id");

        Map<String, Object> ended = read(awaitEvents(sink, 1).get(0).body());

        assertThat(data(ended)).containsEntry("terminationReason", "SUBSCRIPTION_EXPIRED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get(SUBSCRIPTIONS + "/" + id, bank).body()).containsEntry("status", "EXPIRED"));
    }

    @Test
    void aSinkIntoTheCarriersNetworkIsRefused() {
        String bank = token("bank-a", "number-recycling:subscriptions:write");

        for (String sink : List.of("http://10.0.0.7/hook", "https://169.254.169.254/latest/meta-data",
                "https://[::1]:8443/", "https://192.168.1.20/")) {
            Reply refused = post(SUBSCRIPTIONS, """
                    {"protocol":"HTTP","sink":"%s","types":["%s"]}""".formatted(sink, RECYCLED), bank);
            assertThat(refused.status()).as(sink).isEqualTo(400);
            assertThat(refused.body()).as(sink).containsEntry("code", "INVALID_SINK");
        }
    }

    @Test
    void aRequestThatIsNotASubscriptionIsRefusedSayingWhy() {
        String bank = token("bank-a", "number-recycling:subscriptions:write");
        RecordingSink sink = sink();

        assertThat(post(SUBSCRIPTIONS, """
                {"protocol":"MQTT","sink":"%s","types":["%s"]}""".formatted(sink.url(), RECYCLED), bank).body())
                .containsEntry("code", "INVALID_PROTOCOL");
        assertThat((String) post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["org.camaraproject.sim-swap.v0.swapped"]}"""
                .formatted(sink.url()), bank).body().get("message")).contains("is not an event type of this API");
        assertThat(post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":["%s"],"sinkCredential":{"credentialType":"HMAC","secret":"short"}}"""
                .formatted(sink.url(), RECYCLED), bank).body()).containsEntry("code", "INVALID_CREDENTIAL");
        String id = subscribe(bank, sink, List.of(RECYCLED), "HMAC");
        Reply badPage = post(SUBSCRIPTIONS + "/" + id + "/watchlist", """
                {"numbers":[{"phoneNumber":"+14155550001","lastVerified":"2026-01-01"},{"phoneNumber":"0044","lastVerified":"2026-01-01"}]}""",
                bank);
        assertThat(badPage.status()).isEqualTo(400);
        assertThat((String) badPage.body().get("message")).startsWith("numbers[1].phoneNumber must be in E.164 form");
    }

    @Test
    void withoutTheScopeABankCannotSubscribe() {
        String checksOnly = token("bank-a", "number-recycling:check");
        String readOnly = token("bank-a", "number-recycling:subscriptions:read");

        assertThat(post(SUBSCRIPTIONS, "{}", checksOnly).status()).isEqualTo(403);
        assertThat(post(SUBSCRIPTIONS, "{}", readOnly).status()).isEqualTo(403);
        assertThat(get(SUBSCRIPTIONS, readOnly).status()).isEqualTo(200);
        assertThat(get(SUBSCRIPTIONS, checksOnly).status()).isEqualTo(403);
        assertThat(get("/subscriptions", checksOnly).status()).isEqualTo(403);
    }

    // --- given/when helpers

    RecordingSink sink() {
        RecordingSink sink = new RecordingSink();
        sinks.add(sink);
        return sink;
    }

    static String nextNumber() {
        return "+1415" + NUMBERS.incrementAndGet();
    }

    String subscribe(String bank, RecordingSink sink, List<String> types, String credential) {
        String credentialJson = credential.equals("HMAC")
                ? "{\"credentialType\":\"HMAC\",\"secret\":\"" + SECRET + "\"}"
                : "{\"credentialType\":\"ACCESSTOKEN\",\"accessToken\":\"the-banks-token\",\"accessTokenType\":\"bearer\"}";
        Reply created = post(SUBSCRIPTIONS, """
                {"protocol":"HTTP","sink":"%s","types":%s,"sinkCredential":%s}"""
                .formatted(sink.url(), types.stream().map(t -> "\"" + t + "\"").toList(), credentialJson), bank);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return (String) created.body().get("id");
    }

    void watch(String bank, String id, String number) {
        Reply page = post(SUBSCRIPTIONS + "/" + id + "/watchlist", """
                {"numbers":[{"phoneNumber":"%s","lastVerified":"2026-01-01"}]}""".formatted(number), bank);
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
    }

    /** Assigned, cancelled and recycled: a CANCELLED then a RECYCLED notification. */
    void recycle(String number, String id) {
        events("[" + story(number, id) + "]");
    }

    static String story(String number, String id) {
        return """
                {"eventId":"%2$s-assigned","number":"%1$s","type":"NumberAssigned","occurredAt":"2030-01-01T00:00:00Z","source":"billing","subscriberRef":"holder-%2$s","planType":"POSTPAID"},
                {"eventId":"%2$s-requested","number":"%1$s","type":"CancellationRequested","occurredAt":"2030-01-02T00:00:00Z","source":"billing"},
                {"eventId":"%2$s-cancelled","number":"%1$s","type":"CancellationCompleted","occurredAt":"2030-01-03T00:00:00Z","source":"billing"},
                {"eventId":"%2$s-recycled","number":"%1$s","type":"NumberRecycled","occurredAt":"2030-01-05T00:00:00Z","source":"billing"}"""
                .formatted(number, id);
    }

    /** The holder of {@link #recycle} takes the number back: a RECYCLING_REVERSED notification. */
    void recover(String number, String id) {
        events("""
                [{"eventId":"%2$s-reversed","number":"%1$s","type":"NumberRecovered","occurredAt":"2030-01-06T00:00:00Z","source":"billing","subscriberRef":"holder-%2$s"}]"""
                .formatted(number, id));
    }

    void events(String batch) {
        Reply answer = post("/events?await=true", batch, ops("registry:events:write"));
        assertThat(answer.body()).as("%s", answer.body()).containsEntry("rejected", 0);
    }

    Map<String, Object> statusOf(String id) {
        Reply reply = get("/subscriptions/" + id, ops("registry:read"));
        Object deliveries = reply.body().get("deliveries");
        return deliveries == null ? Map.of("state", "NONE") : (Map<String, Object>) deliveries;
    }

    List<Map<String, Object>> listOf(String bank) {
        try {
            return http.toBlocking().retrieve(HttpRequest.GET(SUBSCRIPTIONS).bearerAuth(bank),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (HttpClientResponseException e) {
            throw new AssertionError(e.getResponse().getBody(String.class).orElse(""), e);
        }
    }

    static List<RecordingSink.Received> awaitEvents(RecordingSink sink, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().size() >= count);
        return sink.received();
    }

    Map<String, Object> read(String body) {
        try {
            return json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    String token(String subject, String... scopes) {
        String scopeList = String.join("\",\"", scopes);
        Reply minted = post("/dev/tokens", """
                {"subject":"%s","scopes":["%s"],"validFor":"PT1H"}""".formatted(subject, scopeList), null);
        assertThat(minted.status()).as("%s", minted.body()).isEqualTo(200);
        return (String) minted.body().get("access_token");
    }

    String ops(String scope) {
        return token("ops", scope);
    }

    Reply post(String path, String body, String bearer) {
        return exchange(HttpRequest.POST(path, body), bearer);
    }

    Reply get(String path, String bearer) {
        return exchange(HttpRequest.GET(path), bearer);
    }

    Reply delete(String path, String bearer) {
        return exchange(HttpRequest.DELETE(path), bearer);
    }

    private Reply exchange(MutableHttpRequest<?> request, String bearer) {
        if (bearer != null) {
            request.bearerAuth(bearer);
        }
        try {
            HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
            return new Reply(response.code(), objectOrEmpty(response.body()));
        } catch (HttpClientResponseException e) {
            return new Reply(e.code(), objectOrEmpty(e.getResponse().getBody(String.class).orElse("")));
        }
    }

    /** The body when it is a JSON object; a list (of subscriptions) is read with {@link #listOf}. */
    private Map<String, Object> objectOrEmpty(String body) {
        return body == null || !body.startsWith("{") ? Map.of() : read(body);
    }
}
