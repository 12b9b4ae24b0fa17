package dev.numberregistry.api.camara;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry's published API document (generated from the controllers at compile time) against
 * the CAMARA contracts it implements (copies in src/test/resources/camara; see the README there):
 * see {@link ContractComparison} for what is compared. Every difference found must be one of the
 * deviations listed below, each with the reason the registry takes it; a new one fails the build,
 * and so does a listed one that is gone (take it off the list).
 */
class CamaraContractTest {

    static final String API_DOCUMENT = "META-INF/swagger/number-registry.yml";

    private static final String NOT_READY = "while the registry starts, restores or rebalances, or a number's owner is "
            + "out of reach, it answers 503 UNAVAILABLE with Retry-After rather than a wrong answer; the contracts say "
            + "their lists of errors are not exhaustive and defer to CAMARA_common.yaml, which defines 503 UNAVAILABLE";
    private static final String QUOTAS = "a client over the quotas the carrier set for it (registry.quotas) is "
            + "answered 429 TOO_MANY_REQUESTS or QUOTA_EXCEEDED with Retry-After, as CAMARA_common.yaml defines them "
            + "and the SIM Swap contract lists them";
    private static final String BEARER = "the registry checks the bearer JWT itself (signature by a trusted key, exp, "
            + "scope) and runs no OpenID Connect provider whose discovery URL it could publish; the scopes are the "
            + "contract's. A gateway that does OpenID Connect in front of it can publish the contract's scheme";

    private static final String SUBSCRIPTIONS = "push subscriptions are the registry's extension (README \"Subscriptions\"), "
            + "shaped as CAMARA's subscription APIs (SIM Swap's) shape theirs, kept under the API whose answers they push";

    /** The differences the registry knows of and keeps, per contract, with why. */
    private static final Map<String, Map<String, String>> KNOWN_DEVIATIONS = Map.of(
            "camara-number-recycling-v0.2.0.yaml", Map.ofEntries(
                    Map.entry("POST /number-recycling/v0.2/check response 429: the registry answers it, the contract does not list it",
                            QUOTAS),
                    Map.entry("POST /number-recycling/v0.2/check response 503: the registry answers it, the contract does not list it",
                            NOT_READY),
                    Map.entry("POST /number-recycling/v0.2/check security scheme: contract [openIdConnect], registry [http bearer]",
                            BEARER),
                    Map.entry("POST /number-recycling/v0.2/check-batch: not in the contract",
                            "it is the registry's extension for re-verifying a customer base (README), kept under the API "
                                    + "it extends, with the same scope and error format"),
                    Map.entry("GET /number-recycling/v0.2/subscriptions: not in the contract", SUBSCRIPTIONS),
                    Map.entry("POST /number-recycling/v0.2/subscriptions: not in the contract", SUBSCRIPTIONS),
                    Map.entry("GET /number-recycling/v0.2/subscriptions/{subscriptionId}: not in the contract", SUBSCRIPTIONS),
                    Map.entry("DELETE /number-recycling/v0.2/subscriptions/{subscriptionId}: not in the contract",
                            SUBSCRIPTIONS),
                    Map.entry("POST /number-recycling/v0.2/subscriptions/{subscriptionId}/watchlist: not in the contract",
                            SUBSCRIPTIONS),
                    Map.entry("POST /number-recycling/v0.2/subscriptions/{subscriptionId}/watchlist/removals: not in the "
                            + "contract", SUBSCRIPTIONS)),
            "camara-sim-swap-v2.1.0.yaml", Map.of(
                    "POST /sim-swap/v2/check response 503: the registry answers it, the contract does not list it",
                    NOT_READY,
                    "POST /sim-swap/v2/retrieve-date response 503: the registry answers it, the contract does not list it",
                    NOT_READY,
                    "POST /sim-swap/v2/check security scheme: contract [openIdConnect], registry [http bearer]",
                    BEARER,
                    "POST /sim-swap/v2/retrieve-date security scheme: contract [openIdConnect], registry [http bearer]",
                    BEARER));

    @ParameterizedTest
    @ValueSource(strings = {"camara-number-recycling-v0.2.0.yaml", "camara-sim-swap-v2.1.0.yaml"})
    void theRegistryImplementsTheContractAsPublished(String contractFile) {
        OpenAPI registry = ContractComparison.parse(API_DOCUMENT, resource(API_DOCUMENT));
        OpenAPI contract = ContractComparison.parse(contractFile, resource("camara/" + contractFile));

        ContractComparison comparison = ContractComparison.of(contractFile, contract, registry);

        Map<String, String> known = KNOWN_DEVIATIONS.get(contractFile);
        List<String> unexpected = comparison.differences().stream().filter(d -> !known.containsKey(d)).toList();
        List<String> gone = known.keySet().stream().filter(d -> !comparison.differences().contains(d)).sorted().toList();
        String report = "Registry API document against " + contractFile + "\n"
                + section("Differences not on the list of known deviations", unexpected)
                + section("Known deviations no longer found (take them off the list)", gone)
                + section("Known deviations", known.entrySet().stream()
                        .map(e -> e.getKey() + "\n      because " + e.getValue()).sorted().toList())
                + section("Notes", comparison.notes());
        System.out.println(report);
        assertThat(unexpected).as(report).isEmpty();
        assertThat(gone).as(report).isEmpty();
    }

    private static String section(String title, List<String> lines) {
        return "  " + title + ": " + (lines.isEmpty() ? "none\n"
                : "\n" + lines.stream().map(line -> "    - " + line).collect(Collectors.joining("\n")) + "\n");
    }

    static String resource(String name) {
        try (InputStream in = CamaraContractTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
