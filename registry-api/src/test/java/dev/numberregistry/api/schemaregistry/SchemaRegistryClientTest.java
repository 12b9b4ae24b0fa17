package dev.numberregistry.api.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.SchemaSourceUnavailableException;
import io.micronaut.json.JsonMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry client's credentials and TLS, set as Confluent's clients name them: against
 * a real Apicurio Registry that speaks HTTPS only, and an HTTP server that records what it is sent.
 */
class SchemaRegistryClientTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @TempDir
    Path directory;

    @Test
    void overHttpsWithTheCarriersTrustStoreTheClientRegistersAndReadsBack() throws Exception {
        ServerCertificate certificate = ServerCertificate.create(directory);
        try (ApicurioRegistry registry = ApicurioRegistry.startWithTls(directory.resolve("apicurio"), certificate)) {
            SchemaRegistrySettings settings = settings(registry.url(), Map.of(
                    "schema.registry.ssl.truststore.location", certificate.trustStore().toString(),
                    "schema.registry.ssl.truststore.password", certificate.password(),
                    "schema.registry.ssl.truststore.type", "PKCS12"));

            int id = new ConfluentRegistryClient(settings, JSON).idOf("tls-check-value", NumberState.getClassSchema());

            assertThat(new ConfluentRegistryClient(settings, JSON).schemaOf(id)).as("read back by a client that never wrote it")
                    .isEqualTo(NumberState.getClassSchema());
        }
    }

    @Test
    void overHttpsWithoutTheTrustStoreTheServerIsNotTrusted() throws Exception {
        ServerCertificate certificate = ServerCertificate.create(directory);
        try (ApicurioRegistry registry = ApicurioRegistry.startWithTls(directory.resolve("apicurio"), certificate)) {
            ConfluentRegistryClient client = new ConfluentRegistryClient(settings(registry.url(), Map.of()), JSON);

            assertThatThrownBy(() -> client.idOf("tls-check-value", NumberState.getClassSchema()))
                    .isInstanceOf(SchemaSourceUnavailableException.class)
                    .hasMessageContaining("could not be reached").hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void basicAuthFromUserInfoOrFromTheUrl() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "127.0.0.1:" + server.getAddress().getPort();
            new ConfluentRegistryClient(settings(URI.create("http://" + base), Map.of(
                    "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "billing:s3cret")), JSON).idOf("a-value", NumberState.getClassSchema());
            new ConfluentRegistryClient(settings(URI.create("http://registry:pa%3Ass@" + base), Map.of(
                    "basic.auth.credentials.source", "URL")), JSON).idOf("a-value", NumberState.getClassSchema());
            new ConfluentRegistryClient(settings(URI.create("http://" + base), Map.of()), JSON)
                    .idOf("a-value", NumberState.getClassSchema());
        } finally {
            server.stop(0);
        }

        assertThat(authorizations).containsExactly(basic("billing:s3cret"), basic("registry:pa%3Ass"), "null");
    }

    @Test
    void aSettingTheClientDoesNotKnowOrThatContradictsAnotherStopsTheStart() {
        URI url = URI.create("https://schema-registry.example");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of("schema.registry.ssl.trustore.location", "/x")))
                .hasMessageContaining("registry.schema-registry.client.schema.registry.ssl.trustore.location is not")
                .hasMessageContaining("schema.registry.ssl.truststore.location");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of("basic.auth.credentials.source", "USER_INFO")))
                .hasMessage("basic.auth.credentials.source is USER_INFO but basic.auth.user.info is not set");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of("basic.auth.user.info", "a:b")))
                .hasMessageContaining("set it to USER_INFO");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .hasMessageContaining("supports USER_INFO and URL");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of("schema.registry.ssl.endpoint.identification.algorithm", "")))
                .hasMessageContaining("only https");
        assertThatThrownBy(() -> ClientSettings.of(url, Map.of(
                "schema.registry.ssl.truststore.location", directory.resolve("missing.p12").toString())))
                .hasMessageStartingWith("Cannot set up TLS for the schema registry");
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static SchemaRegistrySettings settings(URI url, Map<String, String> client) {
        SchemaRegistrySettings settings = new SchemaRegistrySettings();
        settings.setUrl(url);
        settings.setClient(client);
        return settings;
    }
}
