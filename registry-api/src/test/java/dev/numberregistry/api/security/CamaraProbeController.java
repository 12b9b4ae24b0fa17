package dev.numberregistry.api.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.authentication.Authentication;
import java.util.Map;

/**
 * Stands in for the CAMARA controllers in the security tests: GET on the CAMARA operations' paths
 * (the real operations are POSTs), so that it never clashes with them. The rules of
 * {@code application.yml} are by path, whatever the method, so they apply to it unchanged.
 */
@Requires(env = WhoMayAskTest.ENVIRONMENT)
@Controller
class CamaraProbeController {

    @Get("/number-recycling/v0.2/check")
    Map<String, Object> numberRecyclingCheck(Authentication caller) {
        return answer(caller);
    }

    @Get("/number-recycling/v0.2/check-batch")
    Map<String, Object> numberRecyclingCheckBatch(Authentication caller) {
        return answer(caller);
    }

    @Get("/sim-swap/v2/check")
    Map<String, Object> simSwapCheck(Authentication caller) {
        return answer(caller);
    }

    @Get("/sim-swap/v2/retrieve-date")
    Map<String, Object> simSwapRetrieveDate(Authentication caller) {
        return answer(caller);
    }

    private static Map<String, Object> answer(Authentication caller) {
        return Map.of("subject", caller.getName(), "scopes", caller.getRoles());
    }
}
