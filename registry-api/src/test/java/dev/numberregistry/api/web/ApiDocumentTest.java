package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.intake.EventDocuments;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published API document as the running registry serves it, with Swagger UI from the jar,
 * and the places where the document states by hand what the code decides elsewhere.
 */
@MicronautTest
class ApiDocumentTest implements EmbeddedRegistryTestProperties {

    static final String DOCUMENT_PATH = "/swagger/number-registry.yml";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ApplicationContext context;

    @Inject
    Router router;

    @Test
    void theDocumentIsServedAsGenerated() throws IOException {
        HttpResponse<String> served = http.toBlocking().exchange(HttpRequest.GET(DOCUMENT_PATH), String.class);

        assertThat(served.code()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(generated());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body());
        assertThat(parsed.getMessages()).as("what swagger-parser finds wrong with the document").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/events", "/numbers", "/numbers/{number}",
                "/numbers/{number}/history", "/numbers/{number}/rejections", "/number-recycling/v0.2/check",
                "/number-recycling/v0.2/check-batch", "/sim-swap/v2/check", "/sim-swap/v2/retrieve-date",
                "/dev/tokens", "/health", "/audit/numbers/{number}", "/audit/clients/{client}");
    }

    @Test
    void swaggerUiComesWithItsScriptsFromTheRegistryItself() {
        String page = http.toBlocking().retrieve(HttpRequest.GET("/swagger-ui/index.html"));

        assertThat(page).contains("'/swagger/number-registry.yml'");
        Matcher resources = Pattern.compile("\"(/swagger-ui/res/[^\"]+)\"").matcher(page);
        List<String> assets = new ArrayList<>();
        while (resources.find()) {
            assets.add(resources.group(1));
        }
        assertThat(assets).contains("/swagger-ui/res/swagger-ui-bundle.js", "/swagger-ui/res/swagger-ui.css");
        for (String asset : assets) {
            assertThat(http.toBlocking().exchange(HttpRequest.GET(asset), byte[].class).code()).as(asset).isEqualTo(200);
        }
        assertThat(page).doesNotContain("unpkg.com", "cdn.", "googleapis");
    }

    @Test
    void theInstancesOwnProtocolIsNotPublished() throws IOException {
        assertThat(document().getPaths().keySet()).noneMatch(path -> path.startsWith("/internal"));
    }

    /** By the route's {@code @Secured} where it has one, else by the first rule of the intercept-url-map for its method. */
    @Test
    void everyOperationAsksForTheScopesTheSecurityEnforces() throws IOException {
        List<Map<String, Object>> rules = context.getProperty("micronaut.security.intercept-url-map",
                Argument.listOf(Argument.mapOf(String.class, Object.class))).orElseThrow();
        document().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Set<String> enforced = securedScopes(method.name(), path).orElseGet(() -> {
                Map<String, Object> rule = rules.stream()
                        .filter(r -> PathMatcher.ANT.matches(String.valueOf(r.get("pattern")), path))
                        .filter(r -> ruleMethod(r).map(m -> m.equalsIgnoreCase(method.name())).orElse(true))
                        .findFirst().orElseThrow();
                Object access = rule.get("access");
                return new TreeSet<>((access instanceof Map<?, ?> indexed ? indexed.values()
                        : (List<?>) access).stream().map(String::valueOf).toList());
            });
            Set<String> documented = scopes(operation);
            if (enforced.equals(Set.of(SecurityRule.IS_ANONYMOUS))) {
                assertThat(documented).as(method + " " + path + " asks for no token").isEmpty();
            } else {
                assertThat(documented).as(method + " " + path + ": the scopes documented, any one of which will do")
                        .isEqualTo(enforced);
            }
        }));
    }

    /** The method a rule is for, if it names one ({@code http-method}). */
    private static Optional<String> ruleMethod(Map<String, Object> rule) {
        return Optional.ofNullable(rule.getOrDefault("http-method", rule.get("httpMethod"))).map(String::valueOf);
    }

    private Optional<Set<String>> securedScopes(String method, String path) {
        String concrete = path.replaceAll("\\{[^}]+}", "x");
        return router.<Object, Object>route(HttpMethod.parse(method), concrete)
                .map(route -> route.getAnnotationMetadata().stringValues(Secured.class))
                .filter(scopes -> scopes.length > 0)
                .<Set<String>>map(scopes -> new TreeSet<>(List.of(scopes)));
    }

    @Test
    void theDocumentedEventTypesAreTheOnesTheIntakeTakes() throws IOException {
        Schema<?> eventDocument = document().getComponents().getSchemas().get("EventDocument");
        Schema<?> type = (Schema<?>) eventDocument.getProperties().get("type");

        assertThat(type.getEnum().stream().map(String::valueOf).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(EventDocuments.TYPES);
    }

    @Test
    void theStateSchemasHaveTheDomainsFields() {
        assertThat(components(StateSchemas.NumberState.class))
                .isEqualTo(components(dev.numberregistry.core.state.NumberState.class));
        assertThat(components(StateSchemas.Flag.class)).isEqualTo(components(dev.numberregistry.core.state.Flag.class));
    }

    private static Set<String> scopes(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity() == null ? List.of() : operation.getSecurity();
        return security.stream().flatMap(requirement -> requirement.values().stream()).flatMap(List::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(c -> c.getName() + ":" + simpleType(c)).toList();
    }

    /** As JSON has it: a PhoneNumber is written as its text (PhoneNumberSerializer). */
    private static String simpleType(RecordComponent component) {
        return component.getGenericType().getTypeName().replaceAll("[\\w.]+[.$]", "").replace("PhoneNumber", "String");
    }

    private static OpenAPI document() throws IOException {
        return new OpenAPIV3Parser().readContents(generated()).getOpenAPI();
    }

    private static String generated() throws IOException {
        try (InputStream in = ApiDocumentTest.class.getClassLoader().getResourceAsStream("META-INF/swagger/number-registry.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
