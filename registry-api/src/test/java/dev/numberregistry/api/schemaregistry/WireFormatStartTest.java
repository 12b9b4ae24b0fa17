package dev.numberregistry.api.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.numberregistry.api.FreePorts;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.serde.WireDialect;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.json.JsonMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the start makes of the Schema Registry: the registry's schemas are registered (or, where
 * producers may not register, found) under their topics' subjects before it reads a record, and a
 * Schema Registry that refuses them, or never answers, stops the start with the reason.
 */
class WireFormatStartTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A Schema Registry that answers every request with this status and body, and notes the request. */
    private URI answering(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static SchemaRegistrySettings settings(URI url, WireDialect dialect) {
        SchemaRegistrySettings settings = new SchemaRegistrySettings();
        settings.setUrl(url);
        settings.setWriteDialect(dialect);
        settings.setStartupPatience(Duration.ofSeconds(1));
        settings.setRequestTimeout(Duration.ofMillis(500));
        return settings;
    }

    private static RegistrySerdes start(SchemaRegistrySettings settings) {
        return WireFormats.forSettings(settings, RegistryTopics.DEFAULT, JSON);
    }

    @Test
    void writingConfluentRegistersASchemaForEachTopicTheRegistryWrites() throws Exception {
        URI url = answering(200, "{\"id\":21}");

        start(settings(url, WireDialect.CONFLUENT));

        assertThat(requests).containsExactlyInAnyOrder(
                "POST /subjects/number-events-value/versions",
                "POST /subjects/number-state-value/versions",
                "POST /subjects/number-events-rejected-value/versions",
                "POST /subjects/number-reminders-value/versions",
                "POST /subjects/number-recycle-notifications-value/versions");
    }

    @Test
    void theImportToolRegistersOnlyTheSchemaOfTheTopicItWrites() throws Exception {
        URI url = answering(200, "{\"id\":21}");

        WireFormats.forImport(settings(url, WireDialect.CONFLUENT), "carrier-events", JSON);

        assertThat(requests).containsExactly("POST /subjects/carrier-events-value/versions");
    }

    @Test
    void withoutAutoRegisterTheSchemasAreLookedUpAndOneMissingStopsTheStart() throws Exception {
        SchemaRegistrySettings settings = settings(answering(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"),
                WireDialect.CONFLUENT);
        settings.setAutoRegister(false);

        assertThatThrownBy(() -> start(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not hold the registry's dev.numberregistry.schema.NumberEvent schema under "
                        + "subject number-events-value (error 40403: Schema not found)")
                .hasMessageContaining("auto-register is false: register it first");
        assertThat(requests).containsExactly("POST /subjects/number-events-value");
    }

    @Test
    void aSchemaTheSchemaRegistryFindsIncompatibleStopsTheStart() throws Exception {
        URI url = answering(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

        assertThatThrownBy(() -> start(settings(url, WireDialect.CONFLUENT))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("refused registering dev.numberregistry.schema.NumberEvent under subject "
                        + "number-events-value as incompatible")
                .hasMessageContaining("Schema being registered is incompatible");
    }

    @Test
    void aSchemaRegistryThatNeverAnswersStopsTheStartAfterThePatience() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.freePort());

        assertThatThrownBy(() -> start(settings(nobody, WireDialect.CONFLUENT))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did not answer for the registry's schemas within PT1S")
                .hasMessageContaining("could not be reached");
    }

    @Test
    void theConfluentDialectWithoutASchemaRegistryStopsTheStart() {
        assertThatThrownBy(() -> start(settings(null, WireDialect.CONFLUENT))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("write-dialect is CONFLUENT, which needs a schema registry");
    }

    @Test
    void readingBothDialectsWhileWritingSingleObjectRegistersNothing() throws Exception {
        URI url = answering(200, "{\"id\":21}");

        start(settings(url, WireDialect.SINGLE_OBJECT));

        assertThat(requests).isEmpty();
    }
}
