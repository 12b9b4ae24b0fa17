package dev.numberregistry.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bank does with the registry's HTTP API before it is sent anything, as the README tells it:
 * takes a token (a development token, from the embedded registry), creates a subscription for its
 * sink, and uploads its watchlist page by page.
 */
final class SubscriptionsClient {

    static final String SUBSCRIPTIONS = "/number-recycling/v0.2/subscriptions";
    static final String WRITE_SCOPE = "number-recycling:subscriptions:write";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI registry;

    SubscriptionsClient(URI registry) {
        this.registry = registry;
    }

    /** A development token of {@code subject} with these scopes, valid for an hour. */
    String token(String subject, String... scopes) throws IOException, InterruptedException {
        String body = post("/dev/tokens", null, """
                {"subject":"%s","scopes":["%s"],"validFor":"PT1H"}""".formatted(subject, String.join("\",\"", scopes)),
                200);
        return stringField(body, "access_token");
    }

    /** A subscription of these event types for the sink, its deliveries signed with the secret; its id. */
    String subscribe(String token, String sink, List<String> types, String hmacSecret)
            throws IOException, InterruptedException {
        String typeList = String.join("\",\"", types);
        String body = post(SUBSCRIPTIONS, token, """
                {"protocol":"HTTP","sink":"%s","types":["%s"],
                 "sinkCredential":{"credentialType":"HMAC","secret":"%s"}}""".formatted(sink, typeList, hmacSecret), 201);
        return stringField(body, "id");
    }

    /** One page of the subscription's watchlist: numbers[from, to), each last verified on that day. */
    void watch(String token, String subscriptionId, String[] numbers, int from, int to, String lastVerified)
            throws IOException, InterruptedException {
        StringBuilder page = new StringBuilder(64 * (to - from)).append("{\"numbers\":[");
        for (int i = from; i < to; i++) {
            page.append(i == from ? "" : ",").append("{\"phoneNumber\":\"").append(numbers[i])
                    .append("\",\"lastVerified\":\"").append(lastVerified).append("\"}");
        }
        post(SUBSCRIPTIONS + "/" + subscriptionId + "/watchlist", token, page.append("]}").toString(), 200);
    }

    private String post(String path, String token, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** A top-level string field of a small JSON answer (a token, a subscription): no parser needed for two fields. */
    private static String stringField(String json, String name) {
        Matcher field = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!field.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return field.group(1);
    }
}
