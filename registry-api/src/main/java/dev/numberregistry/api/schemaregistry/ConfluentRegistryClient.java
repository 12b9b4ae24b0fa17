package dev.numberregistry.api.schemaregistry;

import dev.numberregistry.schema.SchemaSourceUnavailableException;
import dev.numberregistry.schema.UndecodableRecordException;
import dev.numberregistry.streams.serde.SchemaRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent schema registry REST API (Confluent's own, Apicurio's {@code ccompat},
 * Karapace, Redpanda's): schemas fetched by id and kept for ever (an id never changes meaning),
 * the registry's own schemas registered or looked up under their subjects (their ids are kept by
 * the serializers that asked, and their schemas here). So once a schema is known, an outage of
 * the schema registry does not touch it.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final URI base;
    private final String shownBase;
    private final ClientSettings client;
    private final HttpClient http;
    private final JsonMapper json;
    private final boolean autoRegister;
    private final Duration requestTimeout;
    private final Duration lookupPatience;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    public ConfluentRegistryClient(SchemaRegistrySettings settings, JsonMapper json) {
        URI url = settings.getUrl().orElseThrow(() -> new IllegalArgumentException(
                SchemaRegistrySettings.PREFIX + ".url is not set"));
        this.shownBase = ClientSettings.withoutUserInfo(url);
        this.base = URI.create(shownBase.endsWith("/") ? shownBase : shownBase + "/");
        this.client = ClientSettings.of(url, settings.getClient());
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.getRequestTimeout());
        client.ssl().ifPresent(builder::sslContext);
        this.http = builder.build();
        this.json = json;
        this.autoRegister = settings.isAutoRegister();
        this.requestTimeout = settings.getRequestTimeout();
        this.lookupPatience = settings.getLookupPatience();
    }

    @Serdeable
    record SchemaText(String schema) {
    }

    @Serdeable
    record RegisteredId(Integer id) {
    }

    @Serdeable
    record ErrorBody(Integer error_code, String message) {
    }

    @Override
    public Schema schemaOf(int id) {
        Schema known = schemaById.get(id);
        if (known != null) {
            return known;
        }
        long giveUpAt = System.nanoTime() + lookupPatience.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                Schema fetched = fetch(id);
                schemaById.putIfAbsent(id, fetched);
                return fetched;
            } catch (SchemaSourceUnavailableException e) {
                long backOff = backOffMillis(attempt);
                if (System.nanoTime() + backOff * 1_000_000 > giveUpAt) {
                    throw e;
                }
                LOG.warn("Schema id {} not known yet and the schema registry did not answer ({}); trying again in {} ms",
                        id, e.getMessage(), backOff);
                sleep(backOff);
            }
        }
    }

    private Schema fetch(int id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("schemas/ids/" + id)).GET(),
                "fetching schema id " + id);
        if (response.statusCode() == 404) {
            throw new UndecodableRecordException("the schema registry at " + shownBase + " has no schema with that id ("
                    + errorOf(response) + ")");
        }
        requireOk(response, "fetching schema id " + id);
        String text = read(response, SchemaText.class).schema();
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new UndecodableRecordException("schema id " + id + " is no Avro schema (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public int idOf(String subject, Schema schema) {
        // Not remembered here: the caller keeps the id (ConfluentSerializer, per topic).
        String path = "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
                + (autoRegister ? "/versions" : "");
        String body;
        try {
            body = json.writeValueAsString(new SchemaText(schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the request for subject " + subject, e);
        }
        String doing = (autoRegister ? "registering " : "looking up ") + schema.getFullName() + " under subject " + subject;
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)), doing);
        if (response.statusCode() == 409) {
            throw new IllegalStateException("The schema registry at " + shownBase + " refused " + doing
                    + " as incompatible with the versions registered there: " + errorOf(response));
        }
        if (response.statusCode() == 404 && !autoRegister) {
            throw new IllegalStateException("The schema registry at " + shownBase + " does not hold the registry's "
                    + schema.getFullName() + " schema under subject " + subject + " (" + errorOf(response)
                    + "), and " + SchemaRegistrySettings.PREFIX + ".auto-register is false: register it first");
        }
        if (response.statusCode() == 422 || response.statusCode() == 400) {
            throw new IllegalStateException("The schema registry at " + shownBase + " refused " + doing + ": "
                    + errorOf(response));
        }
        requireOk(response, doing);
        Integer id = read(response, RegisteredId.class).id();
        if (id == null) {
            throw new SchemaSourceUnavailableException("the schema registry answered " + doing + " without an id", null);
        }
        LOG.info("Schema registry {}: {} has id {}", shownBase, doing, id);
        schemaById.putIfAbsent(id, schema); // the registry's own records decode without asking again
        return id;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String doing) {
        client.authorization().ifPresent(value -> request.header("Authorization", value));
        request.header("Accept", CONTENT_TYPE + ", application/json").timeout(requestTimeout);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaSourceUnavailableException("the schema registry at " + shownBase + " could not be reached "
                    + doing + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaSourceUnavailableException("interrupted " + doing, e);
        }
    }

    /** Anything but a success here is the schema registry's or the set-up's: the record is not at fault. */
    private void requireOk(HttpResponse<String> response, String doing) {
        if (response.statusCode() / 100 != 2) {
            throw new SchemaSourceUnavailableException("the schema registry at " + shownBase + " answered "
                    + response.statusCode() + " " + doing + ": " + errorOf(response), null);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new SchemaSourceUnavailableException("the schema registry at " + shownBase
                    + " answered what is not its API: " + abbreviated(response.body()), e);
        }
    }

    private String errorOf(HttpResponse<String> response) {
        try {
            ErrorBody error = json.readValue(response.body(), ErrorBody.class);
            if (error.message() != null) {
                return (error.error_code() == null ? "" : "error " + error.error_code() + ": ") + error.message();
            }
        } catch (IOException | RuntimeException notJson) {
            // the body is shown as it came
        }
        return "HTTP " + response.statusCode() + " " + abbreviated(response.body());
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    /** Exponential from 100 ms, at most 2 s, each wait a random half to all of it (so that threads do not retry in step). */
    private static long backOffMillis(int attempt) {
        long cap = Math.min(2_000, 100L << Math.min(attempt - 1, 5));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaSourceUnavailableException("interrupted while waiting for the schema registry", e);
        }
    }
}
