package dev.numberregistry.api;

import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Starts the registry: the Kafka Streams topology and the REST API over its stores. The
 * annotations are the head of the published API document (see "API document" in the README);
 * its operations come from the controllers.
 */
@OpenAPIDefinition(
        info = @Info(title = "Number registry", version = "0.1.0",
                description = """
                        An event-sourced registry of telephone numbers. Billing systems send events \
                        (`POST /events`); the carrier's own systems read a number's state, history and \
                        refusals (`/numbers`); banks and fraud systems ask the CAMARA Number Recycling and \
                        SIM Swap operations with a bearer token.

                        Every operation needs a bearer token with its scope: `registry:events:write` (billing) \
                        to send events, `registry:read` (ops) to read numbers, the CAMARA scopes for the CAMARA \
                        operations. Errors are `application/problem+json` with a stable `code`; the CAMARA \
                        operations answer errors in their contracts' `ErrorInfo` format.""",
                license = @License(name = "Apache 2.0", url = "https://www.apache.org/licenses/LICENSE-2.0.html")),
        tags = {
                @Tag(name = Application.EVENTS_TAG, description = "Events from billing systems that cannot speak Kafka"),
                @Tag(name = Application.NUMBERS_TAG, description = "The ops view: a number's state, history and refusals, "
                        + "and the deadlines to come"),
                @Tag(name = Application.AUDIT_TAG, description = "The audit trail of the CAMARA requests: who asked "
                        + "about a number and what they were told, what a client asked on a day"),
                @Tag(name = Application.NUMBER_RECYCLING_TAG, description = "CAMARA Number Recycling v0.2: has the "
                        + "subscriber of this number changed since a date?"),
                @Tag(name = Application.SIM_SWAP_TAG, description = "CAMARA SIM Swap v2.1: has the number moved to "
                        + "another SIM card lately, and when did it last?"),
                @Tag(name = Application.DEV_TOKENS_TAG, description = "Bearer tokens for trying the CAMARA operations; "
                        + "only on a development set-up"),
                @Tag(name = Application.HEALTH_TAG, description = "Whether the registry runs: 200 UP, or 503 DOWN when "
                        + "its topology stopped or failed")
        })
@SecurityScheme(name = Application.BEARER_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = """
                A JWT signed by a key the registry trusts, with an `exp`, carrying the operation's scope in its \
                space-separated `scope` claim. The scopes each operation lists are alternatives: any one will do. \
                On a development set-up, `POST /dev/tokens` mints one.""")
@OpenAPIInclude(classes = HealthEndpoint.class, tags = @Tag(name = Application.HEALTH_TAG))
public final class Application {

    /** The security scheme of every operation that needs a token. */
    public static final String BEARER_TOKEN = "bearerToken";

    public static final String EVENTS_TAG = "Events";
    public static final String NUMBERS_TAG = "Numbers";
    public static final String AUDIT_TAG = "Audit trail";
    public static final String NUMBER_RECYCLING_TAG = "Number Recycling";
    public static final String SIM_SWAP_TAG = "SIM Swap";
    public static final String DEV_TOKENS_TAG = "Development tokens";
    public static final String HEALTH_TAG = "Health";

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
