package dev.numberregistry.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Who may ask the CAMARA endpoints, and when the registry starts at all. Most tests run on the
 * embedded default, whose development key signs the tokens; the others start a second registry on
 * the same broker as if it were a cluster: with an operator's HMAC secret and an identity
 * provider's JWKS, with no key or no shared secret (it refuses to start), and told it is open.
 * The carrier's endpoints are {@link RolesTest}'s.
 */
@MicronautTest(environments = {WhoMayAskTest.ENVIRONMENT, TestCredentials.EXPLICIT})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoMayAskTest implements EmbeddedRegistryTestProperties {

    static final String ENVIRONMENT = "security-test";

    private static final String CORRELATOR = "b4333c46-49c0-4f62-80d7-f0ef930f1c46";
    private static final String RECYCLING_CHECK = "/number-recycling/v0.2/check";
    private static final String RECYCLING_BATCH = "/number-recycling/v0.2/check-batch";
    private static final String SIM_SWAP_CHECK = "/sim-swap/v2/check";
    private static final String SIM_SWAP_DATE = "/sim-swap/v2/retrieve-date";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RegistrySigningKey devKey;

    @Inject
    EmbeddedServer server;

    @Inject
    KafkaCluster cluster;

    @Inject
    Router router;

    @Inject
    CamaraRouteGuard guard;

    private static Reply get(HttpClient client, String path, @Nullable String token) {
        MutableHttpRequest<?> request = HttpRequest.GET(path).header("x-correlator", CORRELATOR);
        if (token != null) {
            request.bearerAuth(token);
        }
        return Reply.send(client, request);
    }

    private Reply get(String path, @Nullable String token) {
        return get(http, path, token);
    }

    private String devToken(String... scopes) {
        Instant now = Instant.now();
        return devKey.mint("bank-a", List.of(scopes), now, now.plus(Duration.ofMinutes(5)));
    }

    private static void assertCamaraError(Reply reply, int status, String code) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/json");
        assertThat(reply.body()).containsEntry("status", status).containsEntry("code", code);
        assertThat((String) reply.body().get("message")).isNotBlank();
        assertThat(reply.header("x-correlator")).isEqualTo(CORRELATOR);
    }

    @Test
    void noTokenIsUnauthenticatedInTheCamaraFormat() {
        Reply reply = get(RECYCLING_CHECK, null);

        assertCamaraError(reply, 401, "UNAUTHENTICATED");
        assertThat(reply.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    }

    @Test
    void aTokenThatIsExpiredForgedOrUnsignedIsUnauthenticated() {
        Instant now = Instant.now();
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder().subject("bank-a").issueTime(Date.from(now))
                .claim("scope", "number-recycling:check").build();
        Map<String, String> tokens = Map.of(
                "expired", devKey.mint("bank-a", List.of("number-recycling:check"), now.minusSeconds(3600), now.minusSeconds(60)),
                "without exp", devKey.sign(noExpiry),
                "signed with another key", TestKeys.hs256("some-other-secret-of-at-least-32-characters",
                        TestKeys.claims("bank-a", Duration.ofMinutes(5), "number-recycling:check")),
                "signed by an untrusted RSA key", TestKeys.rs256(TestKeys.IDP_KEY,
                        TestKeys.claims("bank-a", Duration.ofMinutes(5), "number-recycling:check")),
                "unsigned (alg none)", TestKeys.unsigned(TestKeys.claims("bank-a", Duration.ofMinutes(5), "number-recycling:check")),
                "not a JWT", "not-a-token");

        tokens.forEach((what, token) -> {
            Reply reply = get(RECYCLING_CHECK, token);
            assertThat(reply.status()).as(what).isEqualTo(401);
            assertCamaraError(reply, 401, "UNAUTHENTICATED");
            assertThat(reply.header(HttpHeaders.WWW_AUTHENTICATE)).as(what).isEqualTo("Bearer error=\"invalid_token\"");
        });
    }

    @Test
    void eachOperationNeedsItsScope() {
        Reply noScope = get(RECYCLING_CHECK, devToken());
        assertCamaraError(noScope, 403, "PERMISSION_DENIED");
        assertThat(noScope.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer error=\"insufficient_scope\"");

        String recycling = devToken("number-recycling:check");
        assertThat(get(RECYCLING_CHECK, recycling).status()).isEqualTo(200);
        assertThat(get(RECYCLING_BATCH, recycling).status()).isEqualTo(200);
        assertCamaraError(get(SIM_SWAP_CHECK, recycling), 403, "PERMISSION_DENIED");
        assertCamaraError(get(SIM_SWAP_DATE, recycling), 403, "PERMISSION_DENIED");

        String simSwapCheck = devToken("sim-swap:check");
        assertThat(get(SIM_SWAP_CHECK, simSwapCheck).status()).isEqualTo(200);
        assertCamaraError(get(SIM_SWAP_DATE, simSwapCheck), 403, "PERMISSION_DENIED");
        assertCamaraError(get(RECYCLING_CHECK, simSwapCheck), 403, "PERMISSION_DENIED");

        String simSwapDate = devToken("sim-swap:retrieve-date");
        assertThat(get(SIM_SWAP_DATE, simSwapDate).status()).isEqualTo(200);
        assertCamaraError(get(SIM_SWAP_CHECK, simSwapDate), 403, "PERMISSION_DENIED");

        String umbrella = devToken("sim-swap");
        assertThat(get(SIM_SWAP_CHECK, umbrella).status()).isEqualTo(200);
        assertThat(get(SIM_SWAP_DATE, umbrella).status()).isEqualTo(200);
        assertCamaraError(get(RECYCLING_CHECK, umbrella), 403, "PERMISSION_DENIED");

        Reply both = get(SIM_SWAP_CHECK, devToken("number-recycling:check", "sim-swap:check"));
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.header("x-correlator")).isEqualTo(CORRELATOR);
        assertThat(both.body()).containsEntry("subject", "bank-a");
        assertThat(get(RECYCLING_CHECK, devToken("number-recycling:check", "sim-swap:check")).status()).isEqualTo(200);
    }

    @Test
    void anotherSpellingOfAPathGetsNoFurtherThanItsOwnScope() {
        String simSwapCheck = devToken("sim-swap:check");
        List<String> spellings = List.of(SIM_SWAP_DATE + "/", SIM_SWAP_DATE + "?a=b", SIM_SWAP_DATE + ";a=b",
                SIM_SWAP_DATE + "%2F", SIM_SWAP_DATE + ".json", "/sim-swap/v2//retrieve-date", "/sim-swap//v2/retrieve-date",
                "//sim-swap/v2/retrieve-date", "/%73im-swap/v2/retrieve-date", "/sim-swap/v2/%72etrieve-date",
                "/sim-swap/v2/./retrieve-date", "/sim-swap/v2/x/../retrieve-date", "/numbers/../sim-swap/v2/retrieve-date",
                "/SIM-SWAP/v2/retrieve-date", "/sim-swap/v2/Retrieve-Date");
        for (String path : spellings) {
            assertThat(get(path, simSwapCheck).status()).as("%s with sim-swap:check", path).isIn(401, 403, 404);
            assertThat(get(path, null).status()).as("%s without a token", path).isIn(401, 403, 404);
        }
        assertThat(get(SIM_SWAP_DATE + "/", devToken("sim-swap:retrieve-date")).status()).isEqualTo(200);
        assertCamaraError(get("/sim-swap/v2/no-such-operation", devToken("sim-swap")), 403, "PERMISSION_DENIED");

        // Should a spelling ever route to a CAMARA operation while its path escapes the rules' prefixes:
        UriRouteMatch<Object, Object> camaraRoute = router.<Object, Object>route(HttpMethod.GET, SIM_SWAP_DATE).orElseThrow();
        MutableHttpRequest<?> escaped = HttpRequest.GET("/elsewhere/retrieve-date");
        RouteAttributes.setRouteMatch(escaped, camaraRoute);
        assertThat(Mono.from(guard.check(escaped, null)).block()).isEqualTo(SecurityRuleResult.REJECTED);
        MutableHttpRequest<?> plain = HttpRequest.GET(SIM_SWAP_DATE);
        RouteAttributes.setRouteMatch(plain, camaraRoute);
        assertThat(Mono.from(guard.check(plain, null)).block()).isEqualTo(SecurityRuleResult.UNKNOWN);
    }

    @Test
    void theDevelopmentEndpointMintsTokensThatWork() {
        Reply minted = Reply.send(http, HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"bank-a\",\"scopes\":[\"number-recycling:check\"],\"validFor\":\"PT1H\"}"));

        assertThat(minted.status()).isEqualTo(200);
        assertThat(minted.body()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600)
                .containsEntry("scope", "number-recycling:check");
        assertThat(minted.header(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        String token = (String) minted.body().get("access_token");
        Reply answer = get(RECYCLING_CHECK, token);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).containsEntry("subject", "bank-a");
        assertCamaraError(get(SIM_SWAP_CHECK, token), 403, "PERMISSION_DENIED");

        Reply unknownScope = Reply.send(http, HttpRequest.POST("/dev/tokens", "{\"subject\":\"bank-a\",\"scopes\":[\"everything\"]}"));
        assertThat(unknownScope.status()).isEqualTo(400);
        assertThat(unknownScope.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(unknownScope.body()).containsEntry("code", "INVALID_TOKEN_REQUEST");
        assertThat(Reply.send(http, HttpRequest.POST("/dev/tokens", "{\"subject\":\"bank-a\",\"validFor\":\"P30D\"}")).status())
                .isEqualTo(400);
        assertThat(Reply.send(http, HttpRequest.POST("/dev/tokens", "{\"scopes\":[\"sim-swap\"]}")).status()).isEqualTo(400);
    }

    @Test
    void probesMetricsAndTheApiDocumentNeedNoToken() {
        assertThat(get("/health/liveness", null).status()).isEqualTo(200);
        assertThat(get("/health/readiness", null).status()).as("a probe sends no token").isIn(200, 503);
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/prometheus"), String.class).code()).isEqualTo(200);
        assertThat(http.toBlocking().exchange(HttpRequest.GET("/swagger/number-registry.yml"), String.class).code())
                .isEqualTo(200);
    }

    @Test
    void aCorrelatorTheContractDoesNotAllowIsAnInvalidArgument() {
        Reply reply = Reply.send(http, HttpRequest.GET(RECYCLING_CHECK).header("x-correlator", "not allowed: spaces")
                .bearerAuth(devToken("number-recycling:check")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).containsEntry("status", 400).containsEntry("code", "INVALID_ARGUMENT");
        assertThat(reply.header("x-correlator")).isNull();
    }

    private EmbeddedServer startOnTheSameBroker(String name, Map<String, Object> properties) {
        try {
            Map<String, Object> all = new HashMap<>(properties);
            all.put("micronaut.server.port", "-1");
            all.put("registry.kafka.bootstrap-servers", cluster.bootstrapServers());
            all.put("registry.kafka.partitions", "2");
            all.put("registry.streams.application-id", "who-may-ask-" + name);
            all.put("registry.streams.state-dir", Files.createTempDirectory("registry-" + name + "-").toString());
            return ApplicationContext.run(EmbeddedServer.class, all, ENVIRONMENT, TestCredentials.EXPLICIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onAClusterTheOperatorsKeysDecide() {
        String jwksUrl = server.getURL() + "/test-idp/jwks.json";
        try (EmbeddedServer registry = startOnTheSameBroker("keys", Map.of(
                "micronaut.security.token.jwt.signatures.secret.validation.secret", TestKeys.OPERATOR_SECRET,
                "micronaut.security.token.jwt.signatures.jwks.bank-idp.url", jwksUrl,
                "registry.security.internal-secret", TestCredentials.INTERNAL_SECRET));
             HttpClient client = HttpClient.create(registry.getURL())) {

            assertThat(Reply.send(client, HttpRequest.POST("/dev/tokens", "{\"subject\":\"bank-a\"}")).status()).isEqualTo(404);

            String hmac = IssueToken.issue(TestKeys.OPERATOR_SECRET,
                    new String[] {"--subject", "bank-b", "--scope", "number-recycling:check", "--valid-for", "P30D"},
                    Instant.now());
            Reply byOperator = get(client, RECYCLING_CHECK, hmac);
            assertThat(byOperator.status()).isEqualTo(200);
            assertThat(byOperator.body()).containsEntry("subject", "bank-b");
            assertCamaraError(get(client, SIM_SWAP_CHECK, hmac), 403, "PERMISSION_DENIED");

            String rsa = TestKeys.rs256(TestKeys.IDP_KEY, TestKeys.claims("bank-c", Duration.ofMinutes(5), "sim-swap"));
            Reply byIdp = get(client, SIM_SWAP_DATE, rsa);
            assertThat(byIdp.status()).isEqualTo(200);
            assertThat(byIdp.body()).containsEntry("subject", "bank-c");

            String expired = IssueToken.issue(TestKeys.OPERATOR_SECRET,
                    new String[] {"--subject", "bank-b", "--scope", "number-recycling:check", "--valid-for", "P30D"},
                    Instant.now().minus(Duration.ofDays(31)));
            assertCamaraError(get(client, RECYCLING_CHECK, expired), 401, "UNAUTHENTICATED");
            assertCamaraError(get(client, RECYCLING_CHECK, devToken("number-recycling:check")), 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void onAClusterWithNoKeyOrNoSharedSecretTheRegistryRefusesToStart() {
        Throwable noKey = catchThrowable(() -> startOnTheSameBroker("nokey", Map.of(
                "registry.security.internal-secret", TestCredentials.INTERNAL_SECRET)));
        assertThat(noKey).hasStackTraceContaining("The registry will not start: no key to verify the callers' tokens")
                .hasStackTraceContaining("registry.security.open=true");

        Throwable noSecret = catchThrowable(() -> startOnTheSameBroker("nosecret", Map.of(
                "micronaut.security.token.jwt.signatures.secret.validation.secret", TestKeys.OPERATOR_SECRET)));
        assertThat(noSecret).hasStackTraceContaining("no secret for the instances to trust each other by");

        Throwable shortSecret = catchThrowable(() -> startOnTheSameBroker("short", Map.of(
                "micronaut.security.token.jwt.signatures.secret.validation.secret", TestKeys.OPERATOR_SECRET,
                "registry.security.internal-secret", "too-short")));
        assertThat(shortSecret).hasStackTraceContaining("registry.security.internal-secret is shorter than 32 bytes");
    }

    @Test
    void openWhenSaidLetsAnyoneIntoTheCarriersEndpointsButNotIntoCamara() {
        Logger log = (Logger) LoggerFactory.getLogger(StartsGuarded.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (EmbeddedServer registry = startOnTheSameBroker("open", Map.of("registry.security.open", "true"));
             // From the registry's context: a client that reads problem details.
             HttpClient client = registry.getApplicationContext().createBean(HttpClient.class, registry.getURL())) {

            assertThat(Reply.send(client, HttpRequest.POST("/dev/tokens", "{\"subject\":\"bank-a\"}")).status())
                    .isEqualTo(404);
            Reply unknown = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(client, "/numbers/%2B14155550100", null), reply -> reply.status() != 503);
            assertThat(unknown.status()).as("no token asked").isEqualTo(404);
            assertThat(unknown.body()).containsEntry("code", "UNKNOWN_NUMBER");
            assertThat(get(client, "/numbers?deadlineBefore=2100-01-01T00:00:00Z", null).status()).isEqualTo(200);

            JWTClaimsSet claims = TestKeys.claims("bank-a", Duration.ofMinutes(5), "number-recycling:check");
            assertCamaraError(get(client, RECYCLING_CHECK, null), 401, "UNAUTHENTICATED");
            assertCamaraError(get(client, RECYCLING_CHECK, TestKeys.unsigned(claims)), 401, "UNAUTHENTICATED");
            assertCamaraError(get(client, RECYCLING_CHECK, TestKeys.hs256(TestKeys.OPERATOR_SECRET, claims)), 401,
                    "UNAUTHENTICATED");
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("registry.security.open=true");
            });
        } finally {
            log.detachAppender(logged);
        }
    }
}
