package dev.numberregistry.api.schemaregistry;

import dev.numberregistry.api.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Confluent-compatible schema registry: Apicurio Registry's runnable distribution, which
 * the build unpacks from Maven Central into {@code target/apicurio} (see the pom), run as a process
 * of its own on free ports, its storage in an H2 file so that it keeps its schemas and ids across
 * a stop and a start. Its Confluent API is {@link #url()}. It needs Java 21 or later: the JVM
 * running the tests if it is one, else the newest under {@code /usr/lib/jvm}, or the one named by
 * {@code -Dapicurio.java=<path to bin/java>}.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Path DISTRIBUTION = Path.of("target", "apicurio");

    private final int port = FreePorts.freePort();
    private final int managementPort = FreePorts.freePort();
    private final int plainPort = FreePorts.freePort();
    private final Path data;
    private final Path log;
    private final ServerCertificate certificate;
    private final HttpClient http;
    private Process process;

    private ApicurioRegistry(Path directory, ServerCertificate certificate) {
        this.data = directory.resolve("h2");
        this.log = directory.resolve("apicurio.log");
        this.certificate = certificate;
        HttpClient.Builder client = HttpClient.newBuilder();
        if (certificate != null) {
            client.sslContext(certificate.trustingContext());
        }
        this.http = client.build();
    }

    /** Started and answering, over plain HTTP. */
    public static ApicurioRegistry start(Path directory) {
        ApicurioRegistry registry = new ApicurioRegistry(directory, null);
        registry.startAgain();
        return registry;
    }

    /** Started and answering over HTTPS only, with the certificate. */
    public static ApicurioRegistry startWithTls(Path directory, ServerCertificate certificate) {
        ApicurioRegistry registry = new ApicurioRegistry(directory, certificate);
        registry.startAgain();
        return registry;
    }

    /** The Confluent API's base URL. */
    public URI url() {
        return URI.create((certificate == null ? "http" : "https") + "://127.0.0.1:" + port + "/apis/ccompat/v7");
    }

    public void startAgain() {
        List<String> command = new ArrayList<>(List.of(java21OrLater().toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.storage.sql.kind=h2",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + data.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE"));
        if (certificate == null) {
            command.add("-Dquarkus.http.port=" + port);
        } else {
            command.addAll(List.of("-Dquarkus.http.port=" + plainPort, "-Dquarkus.http.ssl-port=" + port,
                    "-Dquarkus.http.insecure-requests=disabled",
                    "-Dquarkus.http.ssl.certificate.key-store-file=" + certificate.keyStore().toAbsolutePath(),
                    "-Dquarkus.http.ssl.certificate.key-store-file-type=PKCS12",
                    "-Dquarkus.http.ssl.certificate.key-store-password=" + certificate.password()));
        }
        command.addAll(List.of("-jar", runnerJar().toString()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Apicurio Registry", e);
        }
        Awaitility.await("Apicurio Registry answering (log " + log + ")").atMost(Duration.ofSeconds(90))
                // Stream threads fail while it is down (that is what an outage test looks at): not this wait's business.
                .dontCatchUncaughtExceptions()
                .pollInterval(Duration.ofMillis(200)).until(this::answers);
    }

    /** As an outage: the process is gone, its port refuses connections. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request to its Confluent API: path relative to {@link #url()}. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/" + path))
                .header("Content-Type", ConfluentRegistryClient.CONTENT_TYPE);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + ": see " + log);
        }
        try {
            return send("GET", "subjects", null).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static Path runnerJar() {
        Path jar = DISTRIBUTION.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No Apicurio distribution at " + jar.toAbsolutePath()
                    + ": the build unpacks it (mvn generate-test-resources)");
        }
        return jar;
    }

    private static Path java21OrLater() {
        String named = System.getProperty("apicurio.java");
        if (named != null) {
            return Path.of(named);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> featureVersion(home) >= 21)
                    .max(Comparator.comparingInt(ApicurioRegistry::featureVersion))
                    .map(home -> home.resolve("bin").resolve("java"))
                    .orElseThrow(ApicurioRegistry::noJava21);
        } catch (IOException e) {
            throw noJava21();
        }
    }

    /** The feature version a JDK's {@code release} file states (JAVA_VERSION="25.0.1"), 0 if none. */
    private static int featureVersion(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> Integer.parseInt(version.split("[.+-]")[0]))
                    .findFirst().orElse(0);
        } catch (IOException | NumberFormatException | UncheckedIOException unreadable) {
            return 0;
        }
    }

    private static IllegalStateException noJava21() {
        return new IllegalStateException("Apicurio Registry needs Java 21 or later and none was found under /usr/lib/jvm:"
                + " install one, or name its java with -Dapicurio.java=/path/to/bin/java");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
