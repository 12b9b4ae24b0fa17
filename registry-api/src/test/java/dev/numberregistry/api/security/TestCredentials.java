package dev.numberregistry.api.security;

import dev.numberregistry.api.web.RegistryScopes;
import java.time.Duration;
import java.util.Map;

/**
 * The credentials of tests that start the registry as on a cluster: the key their callers' tokens
 * are signed with, and the secret the instances share.
 */
public final class TestCredentials {

    /**
     * The environment of a test that sends every credential itself: {@link CarrierCredentialsFilter}
     * adds none there.
     */
    public static final String EXPLICIT = "explicit-credentials";

    public static final String INTERNAL_SECRET = "the-secret-the-instances-of-a-test-share";

    private TestCredentials() {
    }

    /** What a registry on a cluster needs to start guarded: a key for its callers, a secret for its peers. */
    public static Map<String, String> clusterProperties() {
        return Map.of(
                "micronaut.security.token.jwt.signatures.secret.test.secret", TestKeys.OPERATOR_SECRET,
                "registry.security.internal-secret", INTERNAL_SECRET);
    }

    /** An {@code Authorization} header with a token signed with the test's key, with these scopes. */
    public static String bearer(String... scopes) {
        return "Bearer " + TestKeys.hs256(TestKeys.OPERATOR_SECRET, TestKeys.claims("test-caller", Duration.ofHours(1), scopes));
    }

    /** An {@code Authorization} header with a token for this subject (a bank, say), signed with the test's key. */
    public static String bearerFor(String subject, String... scopes) {
        return "Bearer " + TestKeys.hs256(TestKeys.OPERATOR_SECRET, TestKeys.claims(subject, Duration.ofHours(1), scopes));
    }

    /** An {@code Authorization} header for the internal endpoints, as another instance sends it. */
    public static String internal() {
        return "Bearer " + TestKeys.hs256(INTERNAL_SECRET, TestKeys.claims(InstanceKey.SUBJECT, Duration.ofHours(1),
                RegistryScopes.INTERNAL));
    }

    /** An {@code Authorization} header for the carrier's endpoints: billing's scope and ops'. */
    public static String carrier() {
        return bearer(RegistryScopes.EVENTS_WRITE, RegistryScopes.READ);
    }
}
