package dev.numberregistry.api;

import dev.numberregistry.api.security.TestCredentials;
import dev.numberregistry.streams.testing.InJvmKafkaCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances of the registry (one application id) on one real broker started for a test, as on a
 * cluster: guarded with the test's credentials, each with a state directory of its own. Closing it
 * stops the clients, then the instances, then the broker.
 */
public final class InstancesOnOneBroker implements AutoCloseable {

    private final InJvmKafkaCluster kafka = InJvmKafkaCluster.start();
    private final Path stateDirs;
    private final Map<String, Object> common;
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();

    /**
     * @param common what every instance is configured with besides the broker, the credentials and its
     *               state directory: its application id, the partitions...
     */
    public InstancesOnOneBroker(Path stateDirs, String applicationId, int partitions, Map<String, Object> common) {
        this.stateDirs = stateDirs;
        this.common = new HashMap<>(common);
        this.common.put("registry.streams.application-id", applicationId);
        this.common.put("registry.kafka.partitions", partitions);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** An instance, started with these settings of its own besides the common ones (a random HTTP port unless given). */
    public EmbeddedServer start(String name, Map<String, Object> own, String... environments) {
        Map<String, Object> properties = new HashMap<>(TestCredentials.clusterProperties());
        properties.put("micronaut.server.port", -1);
        properties.putAll(common);
        properties.putAll(own);
        properties.put("registry.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("registry.streams.state-dir", stateDirs.resolve(name).toString());
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, environments);
        servers.add(server);
        return server;
    }

    public HttpClient client(EmbeddedServer server) {
        HttpClient client = HttpClient.create(server.getURL());
        clients.add(client);
        return client;
    }

    /** Stops one of the instances as an operator does, and the client to it. */
    public void stop(EmbeddedServer server, HttpClient itsClient) {
        clients.remove(itsClient);
        itsClient.close();
        servers.remove(server);
        close(server);
    }

    private static void close(EmbeddedServer server) {
        ApplicationContext context = server.getApplicationContext();
        server.close();
        if (context.isRunning()) {
            context.close();
        }
    }

    @Override
    public void close() {
        clients.forEach(HttpClient::close);
        servers.forEach(InstancesOnOneBroker::close);
        kafka.close();
    }
}
