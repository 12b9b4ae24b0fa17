package dev.numberregistry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.kafka.RunningStreams;
import dev.numberregistry.api.query.InternalApi;
import io.micrometer.core.instrument.MeterRegistry;
import dev.numberregistry.api.security.TestCredentials;
import dev.numberregistry.streams.RegistryStores;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances of the registry (one application id) on one real broker: whichever instance is
 * asked, it answers for every number, its own from its stores and the other's through the other's
 * internal endpoint; and while the partitions move, it answers right or 503, never wrong.
 */
class AnyInstanceAnswersTest {

    private static final Logger LOG = LoggerFactory.getLogger(AnyInstanceAnswersTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int PARTITIONS = 4;
    /** Twelve numbers that fall on all four partitions (asserted), so that both instances own some. */
    private static final List<String> NUMBERS = IntStream.range(0, 12)
            .mapToObj(i -> "+336123456" + (10 + i)).toList();
    private static final List<String> UNKNOWN = IntStream.range(0, 8)
            .mapToObj(i -> "+336123457" + (10 + i)).toList();
    private static final Instant FIRST_VALIDITY = Instant.parse("2031-01-01T00:00:00Z");
    /** Numbers of a CAMARA batch, on all four partitions (asserted), assigned in 2024; every other one recycled later. */
    private static final List<String> CHECKED = IntStream.range(0, 12)
            .mapToObj(i -> "+336123458" + (10 + i)).toList();
    private static final String CHECKED_SINCE = "2024-01-15";
    /** A bank with a quota of 2 checks a second, which the instances share. */
    private static final String QUOTA_BANK = "bank-with-quota";
    /** The timer of the queries an instance forwards to another (PeerClient). */
    private static final String FORWARDED_QUERIES = "registry.forwarded.queries";

    @TempDir
    Path stateDirs;

    private InstancesOnOneBroker instances;

    @AfterEach
    void stopInstancesThenBroker() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void everyInstanceAnswersForEveryNumberAndNeverWronglyWhileThePartitionsMove() {
        instances = new InstancesOnOneBroker(stateDirs, "any-instance-test", PARTITIONS,
                Map.of("registry.quotas.clients." + QUOTA_BANK + ".checks-per-second", 2));
        // One instance advertises a configured address; the other the default: localhost and its random port.
        int firstPort = FreePorts.freePort();
        EmbeddedServer first = start("first", Map.of("micronaut.server.port", firstPort,
                "registry.streams.application-server", "localhost:" + firstPort));
        EmbeddedServer second = start("second", Map.of("micronaut.server.port", -1));
        HttpClient toFirst = client(first);
        HttpClient toSecond = client(second);
        HostInfo firstHost = new HostInfo("localhost", firstPort);
        HostInfo secondHost = new HostInfo("localhost", second.getPort());

        LOG.info("Both instances started");
        awaitSplitBetween(first, second, Set.of(firstHost, secondHost));
        LOG.info("The partitions are split between both instances");
        Map<String, HostInfo> owners = ownersOf(first, NUMBERS);
        assertThat(new HashSet<>(owners.values())).containsExactlyInAnyOrder(firstHost, secondHost);

        // Half the numbers' events go to each instance; each waits for the verdicts, some of which
        // the other instance gives (the outcome query is forwarded too).
        Map<String, Object> firstVerdicts = post(toFirst, NUMBERS.subList(0, 6));
        Map<String, Object> secondVerdicts = post(toSecond, NUMBERS.subList(6, 12));
        LOG.info("Both batches processed");
        assertVerdicts(firstVerdicts, NUMBERS.subList(0, 6));
        assertVerdicts(secondVerdicts, NUMBERS.subList(6, 12));

        // Each instance gives the same, right answer for every number.
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, String> histories = new LinkedHashMap<>();
        for (int i = 0; i < NUMBERS.size(); i++) {
            String number = NUMBERS.get(i);
            for (String what : List.of("", "/history", "/rejections")) {
                Answer fromFirst = get(toFirst, "/numbers/" + number + what);
                Answer fromSecond = get(toSecond, "/numbers/" + number + what);
                assertThat(fromFirst.status()).as("%s%s from the first instance: %s", number, what, fromFirst.body())
                        .isEqualTo(200);
                assertThat(fromSecond.status()).as("%s%s from the second instance: %s", number, what,
                        fromSecond.body()).isEqualTo(200);
                assertThat(fromSecond.body()).as("%s%s", number, what).isEqualTo(fromFirst.body());
            }
            Map<String, Object> state = JsonBodies.object(get(toFirst, "/numbers/" + number).body());
            assertThat(state).containsEntry("number", number).containsEntry("status", "ACTIVE")
                    .containsEntry("appliedEvents", toppedUp(i) ? 2 : 1)
                    .containsEntry("validUntil", validity(i).toString());
            Map<String, Object> history = JsonBodies.object(get(toSecond, "/numbers/" + number + "/history").body());
            assertThat((List<Map<String, Object>>) history.get("events")).extracting(e -> e.get("eventId"))
                    .containsExactlyElementsOf(toppedUp(i) ? List.of("a-" + i, "t-" + i) : List.of("a-" + i));
            Map<String, Object> rejections = JsonBodies.object(get(toFirst, "/numbers/" + number + "/rejections").body());
            assertThat((List<Map<String, Object>>) rejections.getOrDefault("rejections", List.of()))
                    .extracting(r -> r.get("code"))
                    .containsExactlyElementsOf(resumed(i) ? List.of("NOT_SUSPENDED") : List.of());
            states.put(number, get(toFirst, "/numbers/" + number).body());
            histories.put(number, get(toFirst, "/numbers/" + number + "/history").body());
        }

        // A number nobody heard of is unknown, whoever owns it: the owner's empty answer is a 404, not a 503.
        Map<String, HostInfo> unknownOwners = ownersOf(first, UNKNOWN);
        assertThat(new HashSet<>(unknownOwners.values())).containsExactlyInAnyOrder(firstHost, secondHost);
        for (String unknown : UNKNOWN) {
            for (HttpClient client : List.of(toFirst, toSecond)) {
                Answer answer = get(client, "/numbers/" + unknown);
                assertThat(answer.status()).as(unknown).isEqualTo(404);
                assertThat(JsonBodies.object(answer.body())).containsEntry("code", "UNKNOWN_NUMBER");
            }
        }

        // The internal endpoint answers only for its own numbers; for another's it never forwards: 503.
        String ownedBySecond = NUMBERS.stream().filter(n -> owners.get(n).equals(secondHost)).findFirst().orElseThrow();
        Answer notMine = get(toFirst, "/internal/stores/" + RegistryStores.NUMBER_STATE + "/numbers/" + ownedBySecond);
        assertThat(notMine.status()).isEqualTo(503);
        assertThat(notMine.retryAfter()).isNotNull();
        assertThat(notMine.answeredBy()).isEqualTo("localhost:" + firstPort);
        assertThat(JsonBodies.object(notMine.body())).containsEntry("code", "NOT_READY");
        Answer mine = get(toSecond, "/internal/stores/" + RegistryStores.NUMBER_STATE + "/numbers/" + ownedBySecond);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.answeredBy()).isEqualTo("localhost:" + second.getPort());
        Answer noSuchStore = get(toSecond, "/internal/stores/no-such-store/numbers/" + ownedBySecond);
        assertThat(noSuchStore.status()).isEqualTo(404);
        assertThat(JsonBodies.object(noSuchStore.body())).containsEntry("code", "UNKNOWN_STORE");

        // A batch of checks spanning both instances: right answers in the batch's order, with one
        // forwarded request to the other instance for all of its numbers, from either instance.
        postEvents(toFirst, checkedStories());
        List<String> batchResults = expectedBatchResults();
        assertThat(new HashSet<>(ownersOf(first, CHECKED).values())).containsExactlyInAnyOrder(firstHost, secondHost);
        assertThat(checkBatchForwardingOnce(first, toFirst)).isEqualTo(batchResults);
        assertThat(checkBatchForwardingOnce(second, toSecond)).isEqualTo(batchResults);
        // Like the one-number endpoint, the batch one answers only for the instance's own numbers.
        Answer notAllMine = postInternal(toFirst, "/internal/stores/" + RegistryStores.NUMBER_STATE + "/numbers",
                "{\"numbers\":[\"" + String.join("\",\"", NUMBERS) + "\"]}");
        assertThat(notAllMine.status()).isEqualTo(503);
        assertThat(JsonBodies.object(notAllMine.body())).containsEntry("code", "NOT_READY");
        List<String> ownedByFirst = NUMBERS.stream().filter(n -> owners.get(n).equals(firstHost)).toList();
        Answer allMine = postInternal(toFirst, "/internal/stores/" + RegistryStores.NUMBER_STATE + "/numbers",
                "{\"numbers\":[\"" + String.join("\",\"", ownedByFirst) + "\"]}");
        assertThat(allMine.status()).as(allMine.body()).isEqualTo(200);
        assertThat((List<?>) JsonBodies.object(allMine.body()).get("answers")).hasSize(ownedByFirst.size());

        // What comes due covers the numbers of both instances, in the same pages from either.
        List<String> soonestFirst = IntStream.range(0, NUMBERS.size()).boxed()
                .sorted(Comparator.comparing(AnyInstanceAnswersTest::validity)).map(NUMBERS::get).toList();
        assertThat(upcoming(toFirst, 5)).isEqualTo(soonestFirst);
        assertThat(upcoming(toSecond, 5)).isEqualTo(soonestFirst);
        assertThat(upcoming(toSecond, 100)).isEqualTo(soonestFirst);

        // A bank's quota is shared by the instances: each of the two grants half of its 2 checks a
        // second, so the second check within a second to one instance is refused there.
        String quotaBank = TestCredentials.bearerFor(QUOTA_BANK, "number-recycling:check");
        String check = "{\"phoneNumber\":\"" + CHECKED.get(0) + "\",\"specifiedDate\":\"" + CHECKED_SINCE + "\"}";
        HttpResponse<String> granted = Exchanges.exchange(toFirst, HttpRequest.POST("/number-recycling/v0.2/check", check)
                .header(HttpHeaders.AUTHORIZATION, quotaBank), String.class);
        HttpResponse<String> refused = Exchanges.exchange(toFirst, HttpRequest.POST("/number-recycling/v0.2/check", check)
                .header(HttpHeaders.AUTHORIZATION, quotaBank), String.class);
        assertThat(granted.code()).as(granted.getBody(String.class).orElse("")).isEqualTo(200);
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.getBody(String.class).orElse("")).contains("TOO_MANY_REQUESTS",
                QUOTA_BANK + " may ask 2 checks per second, shared by 2 instances");

        // The second instance stops: until the first owns everything, each of its answers is the
        // right one (its own, or forwarded while the second still answers) or a 503 with Retry-After
        // (the second is out of reach, or the partitions are moving); then it answers for every number.
        instances.stop(second, toSecond);
        LOG.info("The second instance stopped");
        Set<String> notAnsweredYet = new HashSet<>();
        int[] refusals = {0};
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            notAnsweredYet.clear();
            for (String number : NUMBERS) {
                for (Map.Entry<String, String> expected : Map.of("", states.get(number),
                        "/history", histories.get(number)).entrySet()) {
                    Answer answer = get(toFirst, "/numbers/" + number + expected.getKey());
                    if (answer.status() == 200) {
                        assertThat(answer.body()).as("%s%s while the partitions move", number, expected.getKey())
                                .isEqualTo(expected.getValue());
                    } else {
                        assertThat(answer.status()).as("%s%s while the partitions move: %s", number,
                                expected.getKey(), answer.body()).isEqualTo(503);
                        assertThat(answer.retryAfter()).isNotNull();
                        refusals[0]++;
                        notAnsweredYet.add(number);
                    }
                }
            }
            return notAnsweredYet.isEmpty();
        });
        LOG.info("While the partitions moved the first instance refused {} queries (503)", refusals[0]);
        assertThat(upcoming(toFirst, 100)).isEqualTo(soonestFirst);
    }

    /** Stops the server and its context (the topology leaves the group). */
    private EmbeddedServer start(String name, Map<String, Object> own) {
        return instances.start(name, own);
    }

    private HttpClient client(EmbeddedServer server) {
        return instances.client(server);
    }

    private static KafkaStreams streams(EmbeddedServer server) {
        return server.getApplicationContext().getBean(RunningStreams.class).started().orElseThrow().streams();
    }

    /** Both instances run, each sees both owning partitions, and they agree on who owns which number. */
    private static void awaitSplitBetween(EmbeddedServer first, EmbeddedServer second, Set<HostInfo> hosts) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                Set.of(first, second).stream().allMatch(instance -> {
                    KafkaStreams streams = streams(instance);
                    Set<HostInfo> owning = streams.metadataForAllStreamsClients().stream()
                            .filter(client -> !client.topicPartitions().isEmpty())
                            .map(StreamsMetadata::hostInfo).collect(Collectors.toSet());
                    return streams.state() == KafkaStreams.State.RUNNING && owning.equals(hosts);
                }) && ownersOf(first, NUMBERS).equals(ownersOf(second, NUMBERS)));
    }

    /** Who owns each number, as the instance sees it; also that the numbers cover every partition. */
    private static Map<String, HostInfo> ownersOf(EmbeddedServer instance, List<String> numbers) {
        Map<String, HostInfo> owners = new LinkedHashMap<>();
        Set<Integer> partitions = new HashSet<>();
        for (String number : numbers) {
            KeyQueryMetadata metadata = streams(instance).queryMetadataForKey(RegistryStores.NUMBER_STATE, number,
                    new StringSerializer());
            owners.put(number, metadata.activeHost());
            partitions.add(metadata.partition());
        }
        assertThat(partitions).as("the partitions of %s", numbers).hasSize(PARTITIONS);
        return owners;
    }

    private static Instant validity(int i) {
        return FIRST_VALIDITY.plus(Duration.ofDays(toppedUp(i) ? 100 + i : i));
    }

    private static boolean toppedUp(int i) {
        return i % 2 == 0;
    }

    private static boolean resumed(int i) {
        return i % 3 == 0;
    }

    /** Each number assigned; every other one topped up; every third resumed without a suspension (refused). */
    private static Map<String, Object> post(HttpClient client, List<String> numbers) {
        List<String> events = new ArrayList<>();
        for (String number : numbers) {
            int i = NUMBERS.indexOf(number);
            events.add(event("a-" + i, number, "NumberAssigned", "2030-06-01T00:00:00Z",
                    "\"subscriberRef\":\"sub-" + i + "\",\"planType\":\"PREPAID\",\"validUntil\":\""
                            + FIRST_VALIDITY.plus(Duration.ofDays(i)) + "\""));
            if (toppedUp(i)) {
                events.add(event("t-" + i, number, "TopUpMade", "2030-06-02T00:00:00Z",
                        "\"amountMinorUnits\":500,\"currency\":\"EUR\",\"validUntil\":\"" + validity(i) + "\""));
            }
            if (resumed(i)) {
                events.add(event("r-" + i, number, "NumberResumed", "2030-06-03T00:00:00Z", ""));
            }
        }
        return client.toBlocking().retrieve(HttpRequest.POST("/events?await=true&timeout=30s",
                "[" + String.join(",", events) + "]").header(HttpHeaders.AUTHORIZATION, TestCredentials.carrier()),
                Argument.mapOf(String.class, Object.class));
    }

    private static void assertVerdicts(Map<String, Object> answer, List<String> numbers) {
        Map<String, String> outcomes = new HashMap<>();
        for (Map<String, Object> result : (List<Map<String, Object>>) answer.get("results")) {
            outcomes.put((String) result.get("eventId"), result.get("outcome") + "/" + result.get("code"));
        }
        Map<String, String> expected = new HashMap<>();
        for (String number : numbers) {
            int i = NUMBERS.indexOf(number);
            expected.put("a-" + i, "APPLIED/null");
            if (toppedUp(i)) {
                expected.put("t-" + i, "APPLIED/null");
            }
            if (resumed(i)) {
                expected.put("r-" + i, "REJECTED/NOT_SUSPENDED");
            }
        }
        assertThat(outcomes).isEqualTo(expected);
    }

    private static String event(String id, String number, String type, String occurredAt, String fields) {
        return """
                {"eventId":"%s","number":"%s","type":"%s","occurredAt":"%s","source":"billing"%s}"""
                .formatted(id, number, type, occurredAt, fields.isEmpty() ? "" : "," + fields);
    }

    /**
     * The batch's numbers' stories: each assigned on 2024-01-01; every other one cancelled and
     * recycled, so that nobody holds it now. Recycled in 2033, so that its quarantine ends after
     * the deadlines the test pages through (before 2032) and stays out of them.
     */
    private static List<String> checkedStories() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < CHECKED.size(); i++) {
            String number = CHECKED.get(i);
            events.add(event("c-" + i + "-1", number, "NumberAssigned", "2024-01-01T10:00:00Z",
                    "\"subscriberRef\":\"checked-" + i + "\",\"planType\":\"POSTPAID\""));
            if (i % 2 == 1) {
                events.add(event("c-" + i + "-2", number, "CancellationRequested", "2033-02-20T10:00:00Z", ""));
                events.add(event("c-" + i + "-3", number, "CancellationCompleted", "2033-02-25T10:00:00Z", ""));
                events.add(event("c-" + i + "-4", number, "NumberRecycled", "2033-02-26T10:00:00Z", ""));
            }
        }
        return events;
    }

    /** What the batch of {@link #checkBatchForwardingOnce} is answered: each number, then a number nobody knows, then a bad check. */
    private static List<String> expectedBatchResults() {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < CHECKED.size(); i++) {
            results.add(CHECKED.get(i) + " " + (i % 2 == 1 ? "RECYCLED" : "NOT_RECYCLED"));
        }
        UNKNOWN.forEach(unknown -> results.add(unknown + " NO_DATA"));
        results.add("+33 INVALID");
        return results;
    }

    private static void postEvents(HttpClient client, List<String> events) {
        Map<String, Object> answer = client.toBlocking().retrieve(HttpRequest.POST("/events?await=true&timeout=30s",
                "[" + String.join(",", events) + "]").header(HttpHeaders.AUTHORIZATION, TestCredentials.carrier()),
                Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) answer.get("results")).extracting(result -> result.get("outcome"))
                .as("%s", answer).containsOnly("APPLIED");
    }

    /**
     * A batch of checks of every number of {@link #CHECKED} and {@link #UNKNOWN}, and one bad check,
     * asked of one instance: its results as "number result", in the batch's order. The instance
     * asks the other one once for all of that one's numbers, and never one number at a time.
     */
    private static List<String> checkBatchForwardingOnce(EmbeddedServer instance, HttpClient client) {
        MeterRegistry meters = instance.getApplicationContext().getBean(MeterRegistry.class);
        double batches = forwarded(meters, "records-batch", "answered");
        double single = forwarded(meters, "records", "answered") + forwarded(meters, "records", "failed");
        List<String> checks = new ArrayList<>();
        for (String number : CHECKED) {
            checks.add("{\"phoneNumber\":\"" + number + "\",\"specifiedDate\":\"" + CHECKED_SINCE + "\"}");
        }
        for (String number : UNKNOWN) {
            checks.add("{\"phoneNumber\":\"" + number + "\",\"specifiedDate\":\"" + CHECKED_SINCE + "\"}");
        }
        checks.add("{\"phoneNumber\":\"+33\",\"specifiedDate\":\"" + CHECKED_SINCE + "\"}");
        HttpResponse<String> response = Exchanges.exchange(client, HttpRequest.POST("/number-recycling/v0.2/check-batch",
                        "{\"checks\":[" + String.join(",", checks) + "]}")
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.bearer("number-recycling:check")), String.class);
        assertThat(response.code()).as(response.body()).isEqualTo(200);

        assertThat(forwarded(meters, "records-batch", "answered") - batches).as("forwarded batches").isEqualTo(1);
        assertThat(forwarded(meters, "records-batch", "failed")).isZero();
        assertThat(forwarded(meters, "records", "answered") + forwarded(meters, "records", "failed") - single)
                .as("numbers forwarded one by one").isZero();
        List<Map<String, Object>> results = (List<Map<String, Object>>) JsonBodies.object(response.body()).get("results");
        return results.stream().map(result -> result.get("phoneNumber") + " " + result.get("result")).toList();
    }

    private static double forwarded(MeterRegistry meters, String query, String outcome) {
        return meters.get(FORWARDED_QUERIES).tag("query", query).tag("outcome", outcome).timer().count();
    }

    /** Every number with a deadline before 2032, page by page. */
    private static List<String> upcoming(HttpClient client, int limit) {
        List<String> numbers = new ArrayList<>();
        String after = null;
        do {
            Answer page = get(client, "/numbers?deadlineBefore=2032-01-01T00:00:00Z&limit=" + limit
                    + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            Map<String, Object> body = JsonBodies.object(page.body());
            ((List<Map<String, Object>>) body.getOrDefault("items", List.of())).forEach(item -> numbers.add((String) item.get("number")));
            after = (String) body.get("next");
        } while (after != null);
        return numbers;
    }

    private record Answer(int status, String body, String retryAfter, String answeredBy) {
    }

    private static Answer postInternal(HttpClient client, String path, String body) {
        HttpResponse<String> response = Exchanges.exchange(client, HttpRequest.POST(path, body)
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.internal()), String.class);
        return new Answer(response.code(), response.getBody(String.class).orElse(""), response.header("Retry-After"),
                response.header(InternalApi.ANSWERED_BY));
    }

    private static Answer get(HttpClient client, String path) {
        String encoded = path.replace("+", "%2B");
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(HttpRequest.GET(encoded).header(HttpHeaders.AUTHORIZATION,
                    path.startsWith(InternalApi.PREFIX) ? TestCredentials.internal() : TestCredentials.carrier()), String.class);
        } catch (HttpClientResponseException e) {
            response = (HttpResponse<String>) e.getResponse();
            return new Answer(response.code(), response.getBody(String.class).orElse(""),
                    response.header("Retry-After"), response.header(InternalApi.ANSWERED_BY));
        }
        return new Answer(response.code(), response.body(), response.header("Retry-After"),
                response.header(InternalApi.ANSWERED_BY));
    }
}
