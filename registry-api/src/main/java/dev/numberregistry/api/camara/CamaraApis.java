package dev.numberregistry.api.camara;

import io.micronaut.http.HttpRequest;
import java.util.List;

/**
 * Where the CAMARA APIs live and the scopes their tokens carry. Which scope each operation needs
 * is configured in {@code application.yml} ({@code micronaut.security.intercept-url-map}); see
 * "Who may ask" in the README.
 */
public final class CamaraApis {

    /** The path prefixes of the CAMARA APIs: everything under them needs a bearer token. */
    public static final List<String> PATH_PREFIXES = List.of("/number-recycling/", "/sim-swap/");

    public static final String NUMBER_RECYCLING_CHECK = "number-recycling:check";
    public static final String SIM_SWAP = "sim-swap";
    public static final String SIM_SWAP_CHECK = "sim-swap:check";
    public static final String SIM_SWAP_RETRIEVE_DATE = "sim-swap:retrieve-date";
    /** Make and delete push subscriptions, and edit their watchlists (the registry's extension). */
    public static final String SUBSCRIPTIONS_WRITE = "number-recycling:subscriptions:write";
    /** Read one's push subscriptions. */
    public static final String SUBSCRIPTIONS_READ = "number-recycling:subscriptions:read";

    /** {@code PhoneNumber} in the contracts: + and 5 to 15 digits, the first not 0. */
    public static final String PHONE_NUMBER_PATTERN = "^\\+[1-9][0-9]{4,14}$";

    /** {@code XCorrelator} in the contracts. */
    public static final String X_CORRELATOR_PATTERN = "^[a-zA-Z0-9-_:;.\\/<>{}]{0,256}$";

    /** The header that a CAMARA request's correlation id comes in and goes back out in. */
    public static final String X_CORRELATOR = "x-correlator";

    /** Every scope a token for these APIs may carry. */
    public static final List<String> SCOPES = List.of(NUMBER_RECYCLING_CHECK, SIM_SWAP, SIM_SWAP_CHECK,
            SIM_SWAP_RETRIEVE_DATE, SUBSCRIPTIONS_WRITE, SUBSCRIPTIONS_READ);

    private CamaraApis() {
    }

    /**
     * Whether the request is for a CAMARA API, whose errors are {@link CamaraError}s. Judged on the
     * decoded path, as the security rules of {@code micronaut.security.intercept-url-map} judge it.
     */
    public static boolean isCamara(HttpRequest<?> request) {
        String path = request.getUri().getPath();
        return path != null && isCamaraPath(path);
    }

    /** Whether the path, or a route's path template, is under a CAMARA prefix. */
    public static boolean isCamaraPath(String path) {
        for (String prefix : PATH_PREFIXES) {
            if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
