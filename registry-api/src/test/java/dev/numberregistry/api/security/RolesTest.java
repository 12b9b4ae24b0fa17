package dev.numberregistry.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.camara.CamaraApis;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.security.annotation.Secured;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may call the carrier's endpoints: billing ({@code registry:events:write}) sends events, ops
 * ({@code registry:read}) reads numbers, only another instance asks the internal endpoints, and
 * nobody without a token gets anything but the probes, the metrics and the API document. On the
 * embedded default, whose development key signs the callers' tokens.
 */
@MicronautTest(environments = TestCredentials.EXPLICIT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesTest implements EmbeddedRegistryTestProperties {

    private static final String NUMBER = "+14155550177";
    private static final String EVENT = """
            {"eventId": "roles-1", "number": "%s", "type": "NumberAssigned", "occurredAt": "2030-01-05T09:00:00Z",
             "source": "billing", "subscriberRef": "sub-1", "planType": "PREPAID"}""".formatted(NUMBER);
    private static final String DUE = "/numbers?deadlineBefore=2100-01-01T00:00:00Z";
    private static final List<String> OPS_READS = List.of("/numbers/" + NUMBER, "/numbers/" + NUMBER + "/history",
            "/numbers/" + NUMBER + "/rejections", DUE, "/numbers/" + NUMBER + "/deadlines",
            "/numbers/" + NUMBER + "/bank-answer?date=2020-01-01", "/rejections",
            "/deadlines/per-day?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z");
    private static final List<String> INTERNAL_READS = List.of("/internal/deadlines?deadlineBefore=2100-01-01T00:00:00Z&limit=5",
            "/internal/deadlines/per-day?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z",
            "/internal/stores/number-state-store/numbers/" + NUMBER,
            "/internal/outcomes?eventId=roles-1&number=" + NUMBER + "&offset=0");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RegistrySigningKey devKey;

    @Inject
    InstanceKey instanceKey;

    @Inject
    Router router;

    private String token(String... scopes) {
        Instant now = Instant.now();
        return "Bearer " + devKey.mint("caller", List.of(scopes), now, now.plus(Duration.ofMinutes(5)));
    }

    private Reply get(String path, @Nullable String authorization) {
        return send(HttpRequest.GET(path), authorization);
    }

    private Reply postEvent(@Nullable String authorization) {
        return send(HttpRequest.POST("/events?await=true", EVENT).contentType("application/json"), authorization);
    }

    private Reply send(MutableHttpRequest<?> request, @Nullable String authorization) {
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return Reply.send(http, request);
    }

    @BeforeAll
    void theNumberIsKnown() {
        String billing = token(RegistryScopes.EVENTS_WRITE);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> postEvent(billing).status(), status -> status == 200);
    }

    private static void assertRefused(Reply reply, int status, String code, String challenge) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(reply.body()).containsEntry("code", code);
        assertThat(reply.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(challenge);
    }

    @Test
    void withoutAGoodTokenNoCarrierEndpointAnswers() {
        for (String path : concat(OPS_READS, INTERNAL_READS)) {
            assertRefused(get(path, null), 401, "UNAUTHORIZED", "Bearer");
            assertRefused(get(path, "Bearer not-a-token"), 401, "UNAUTHORIZED", "Bearer error=\"invalid_token\"");
        }
        assertRefused(postEvent(null), 401, "UNAUTHORIZED", "Bearer");
        assertThat((String) postEvent(null).body().get("detail")).contains(RegistryScopes.EVENTS_WRITE);
        Instant now = Instant.now();
        String expired = "Bearer " + devKey.mint("caller", List.of(RegistryScopes.READ), now.minusSeconds(600),
                now.minusSeconds(60));
        assertRefused(get(OPS_READS.get(0), expired), 401, "UNAUTHORIZED", "Bearer error=\"invalid_token\"");
    }

    @Test
    void billingSendsEventsAndReadsNothing() {
        String billing = token(RegistryScopes.EVENTS_WRITE);

        assertThat(postEvent(billing).status()).isEqualTo(200);
        for (String path : concat(OPS_READS, INTERNAL_READS)) {
            assertRefused(get(path, billing), 403, "FORBIDDEN", "Bearer error=\"insufficient_scope\"");
        }
        assertThat((String) get(OPS_READS.get(0), billing).body().get("detail")).contains(RegistryScopes.READ);
    }

    @Test
    void opsReadsEverythingAndSendsNothing() {
        String ops = token(RegistryScopes.READ);

        for (String path : OPS_READS) {
            assertThat(get(path, ops).status()).as(path).isEqualTo(200);
        }
        assertThat(get("/numbers/" + NUMBER, ops).body()).containsEntry("number", NUMBER);
        Reply send = postEvent(ops);
        assertRefused(send, 403, "FORBIDDEN", "Bearer error=\"insufficient_scope\"");
        assertThat((String) send.body().get("detail")).contains(RegistryScopes.EVENTS_WRITE);
        for (String path : INTERNAL_READS) {
            assertRefused(get(path, ops), 403, "FORBIDDEN", "Bearer error=\"insufficient_scope\"");
        }
    }

    @Test
    void aBanksTokenOpensNoCarrierEndpoint() {
        String bank = token(CamaraApis.SCOPES.toArray(String[]::new));

        assertRefused(postEvent(bank), 403, "FORBIDDEN", "Bearer error=\"insufficient_scope\"");
        for (String path : concat(OPS_READS, INTERNAL_READS)) {
            assertRefused(get(path, bank), 403, "FORBIDDEN", "Bearer error=\"insufficient_scope\"");
        }
    }

    @Test
    void onlyAnotherInstanceAsksTheInternalEndpoints() {
        for (String path : INTERNAL_READS) {
            assertThat(get(path, instanceKey.authorization()).status()).as(path).isEqualTo(200);
        }
        // The scope alone is not enough: a trusted key that is not the instances' own signed it.
        String claimedByACaller = token(RegistryScopes.INTERNAL, RegistryScopes.READ);
        assertRefused(get(INTERNAL_READS.get(0), claimedByACaller), 401, "UNAUTHORIZED", "Bearer error=\"invalid_token\"");
        assertRefused(get(OPS_READS.get(0), claimedByACaller), 401, "UNAUTHORIZED", "Bearer error=\"invalid_token\"");
        String otherSecret = "Bearer " + TestKeys.hs256("another-registry's-secret-of-32-characters",
                TestKeys.claims(InstanceKey.SUBJECT, Duration.ofMinutes(5), RegistryScopes.INTERNAL));
        assertRefused(get(INTERNAL_READS.get(0), otherSecret), 401, "UNAUTHORIZED", "Bearer error=\"invalid_token\"");
    }

    @Test
    void aDevelopmentTokenMayCarryTheCarriersScopesButNeverTheInternalOne() {
        Reply ops = Reply.send(http, HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"ops-desk\",\"scopes\":[\"registry:read\"]}"));
        assertThat(ops.status()).isEqualTo(200);
        assertThat(get(OPS_READS.get(0), "Bearer " + ops.body().get("access_token")).status()).isEqualTo(200);

        Reply internal = Reply.send(http, HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"intruder\",\"scopes\":[\"registry:internal\"]}"));
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.body()).containsEntry("code", "INVALID_TOKEN_REQUEST");
    }

    /** A new endpoint cannot be added open by mistake: every route says who may call it. */
    @Test
    void everyRouteSaysWhoMayCallIt() {
        Set<String> openByDesign = Set.of("/health", "/health/{selector}", "/prometheus", "/prometheus/{name}");
        List<String> unsaid = router.uriRoutes()
                .filter(route -> route.getAnnotationMetadata().stringValues(Secured.class).length == 0)
                .map(route -> route.getUriMatchTemplate().toPathString())
                .filter(path -> !CamaraApis.isCamaraPath(path) && !openByDesign.contains(path))
                .toList();

        assertThat(unsaid).isEmpty();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
