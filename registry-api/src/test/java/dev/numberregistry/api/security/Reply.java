package dev.numberregistry.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.util.Map;

/** A response, whatever its status: what the tests of who may ask look at. */
record Reply(int status, @Nullable Map<String, Object> body, HttpHeaders headers) {

    String header(String name) {
        return headers.get(name);
    }

    @SuppressWarnings("unchecked")
    static Reply send(HttpClient client, MutableHttpRequest<?> request) {
        try {
            HttpResponse<Map> response = client.toBlocking().exchange(request, Map.class);
            return new Reply(response.code(), response.body(), response.getHeaders());
        } catch (HttpClientResponseException e) {
            return new Reply(e.code(), e.getResponse().getBody(Map.class).orElse(null), e.getResponse().getHeaders());
        }
    }
}
