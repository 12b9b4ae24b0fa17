package dev.numberregistry.api.camara;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.query.RegistryNotReadyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A CAMARA caller asking while the registry cannot answer gets the contract's 503, with when to ask again. */
class CamaraNotReadyHandlerTest {

    @Test
    void aCamaraRequestGetsTheContractsUnavailableWithRetryAfter() {
        // The problem handler is only for the registry's own paths: a CAMARA path never reaches it.
        CamaraNotReadyHandler handler = new CamaraNotReadyHandler(null);

        HttpResponse<?> response = handler.handle(HttpRequest.POST("/number-recycling/v0.2/check", "{}"),
                new RegistryNotReadyException("the registry is REBALANCING, not yet serving queries"));

        assertThat(response.code()).isEqualTo(503);
        assertThat(response.getHeaders().get("Retry-After")).isNotBlank();
        assertThat(response.getBody(CamaraError.class)).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("UNAVAILABLE");
            assertThat(error.message()).isEqualTo("Service unavailable: the registry is REBALANCING, not yet serving "
                    + "queries");
        });
    }
}
