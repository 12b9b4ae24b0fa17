package dev.numberregistry.api.cluster;

import static org.awaitility.Awaitility.await;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.FreePorts;
import dev.numberregistry.api.security.TestCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of the registry, as its jar runs in production: a process of its own, on a Kafka
 * cluster, with its own state directory and HTTP port, advertised to the other instances.
 */
final class RegistryInstance {

    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private final int port;

    private RegistryInstance(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    static RegistryInstance on(ProcessKafkaCluster kafka, String name, Path directory, int partitions) {
        int port = FreePorts.freePort();
        List<String> settings = List.of(
                "-Dmicronaut.server.port=" + port,
                "-Dregistry.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "-Dregistry.kafka.partitions=" + partitions,
                "-Dregistry.kafka.replication-factor=" + ProcessKafkaCluster.BROKERS,
                "-Dregistry.streams.application-id=cluster-test-registry",
                "-Dregistry.streams.application-server=localhost:" + port,
                "-Dregistry.streams.state-dir=" + directory.resolve(name + "-state"),
                "-Dregistry.streams.threads=1");
        List<String> guarded = new ArrayList<>(settings);
        TestCredentials.clusterProperties().forEach((key, value) -> guarded.add("-D" + key + "=" + value));
        return new RegistryInstance(ChildJvm.of(name, directory, "384m", guarded, Application.class.getName()), port);
    }

    /** Starts the process and waits until it says it is ready: its queries can be answered. */
    RegistryInstance start() {
        jvm.start();
        await(jvm.describe() + " healthy").atMost(START_PATIENCE).ignoreExceptions()
                .until(() -> get("/health/readiness").statusCode() == 200);
        return this;
    }

    void kill() {
        jvm.kill();
    }

    void stop() {
        jvm.stop();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestCredentials.carrier()).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public String toString() {
        return jvm.describe();
    }
}
