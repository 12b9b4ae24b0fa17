package dev.numberregistry.api.security;

import com.nimbusds.jose.JOSEException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an operator who configured a shared HMAC secret issues a caller its token (a bank, a billing
 * system, an ops tool):
 * <pre>
 * REGISTRY_TOKEN_SECRET='the secret' java -cp number-registry.jar dev.numberregistry.api.security.IssueToken \
 *     --subject bank-a --scope number-recycling:check [--scope ...] [--valid-for P30D] [--issuer I] [--audience A]
 * </pre>
 * Prints the token alone. The secret comes from the environment, never from the command line.
 */
public final class IssueToken {

    static final String SECRET_VARIABLE = "REGISTRY_TOKEN_SECRET";
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private IssueToken() {
    }

    public static void main(String[] args) {
        try {
            String secret = System.getenv(SECRET_VARIABLE);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(SECRET_VARIABLE + " must hold the secret the registry is configured "
                        + "with (micronaut.security.token.jwt.signatures.secret.<name>.secret)");
            }
            System.out.println(issue(secret, args, Instant.now()));
        } catch (IllegalArgumentException e) {
            System.err.println("IssueToken: " + e.getMessage());
            System.err.println("usage: " + SECRET_VARIABLE + "=... java -cp number-registry.jar " + IssueToken.class.getName()
                    + " --subject CLIENT_ID --scope SCOPE [--scope SCOPE...] [--valid-for P30D] [--issuer ISS] [--audience AUD]");
            System.exit(2);
        }
    }

    private static Duration duration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--valid-for " + value + " is not an ISO-8601 duration such as P30D");
        }
    }

    /** A token signed HS256 with {@code secret}, for the request in {@code args}. */
    static String issue(String secret, String[] args, Instant now) {
        String subject = null;
        String issuer = null;
        String audience = null;
        Duration validFor = DEFAULT_VALIDITY;
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--subject" -> subject = value;
                case "--scope" -> scopes.addAll(Arrays.asList(value.trim().split("\\s+")));
                case "--valid-for" -> validFor = duration(value);
                case "--issuer" -> issuer = value;
                case "--audience" -> audience = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("--subject, the caller's client id, is required");
        }
        List<String> unknown = scopes.stream().filter(scope -> !GrantableScopes.ALL.contains(scope)).toList();
        if (scopes.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("--scope must name one or more of " + GrantableScopes.ALL
                    + (unknown.isEmpty() ? "" : ", not " + unknown));
        }
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("--valid-for must be a positive ISO-8601 duration, e.g. P30D");
        }
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        try {
            return Hs256Tokens.sign(secret.getBytes(StandardCharsets.UTF_8), subject, scopes.stream().distinct().toList(),
                    issuedAt, issuedAt.plus(validFor), issuer, audience);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret (HS256 needs at least 32 bytes): "
                    + e.getMessage(), e);
        }
    }
}
