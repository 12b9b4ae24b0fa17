package dev.numberregistry.api.security;

import dev.numberregistry.api.Exchanges;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import java.util.Map;

/** A response, whatever its status: what the tests of who may ask look at. */
record Reply(int status, @Nullable Map<String, Object> body, HttpHeaders headers) {

    String header(String name) {
        return headers.get(name);
    }

    @SuppressWarnings("unchecked")
    static Reply send(HttpClient client, MutableHttpRequest<?> request) {
        HttpResponse<Map> response = Exchanges.exchange(client, request, Map.class);
        return new Reply(response.code(), response.getBody(Map.class).orElse(null), response.getHeaders());
    }
}
