package dev.numberregistry.api.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Kafka cluster is. With no bootstrap servers the registry starts an embedded
 * single-node broker whose data lives in {@code embeddedDataDir}.
 */
@ConfigurationProperties("registry.kafka")
public class KafkaSettings {

    private String bootstrapServers;
    private Path embeddedDataDir = Path.of("data", "kafka");
    @Min(0)
    private int embeddedPort = 9092;
    @Min(1)
    private int partitions = 6;
    @Min(1)
    private short replicationFactor = 1;
    private boolean createTopics = true;
    private Map<String, String> properties = new HashMap<>();

    /** The cluster to use; empty means the embedded broker. */
    public Optional<String> getBootstrapServers() {
        return Optional.ofNullable(bootstrapServers).filter(servers -> !servers.isBlank());
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Path getEmbeddedDataDir() {
        return embeddedDataDir;
    }

    public void setEmbeddedDataDir(Path embeddedDataDir) {
        this.embeddedDataDir = embeddedDataDir;
    }

    /** The embedded broker's client port on 127.0.0.1; 0 picks any free port. */
    public int getEmbeddedPort() {
        return embeddedPort;
    }

    public void setEmbeddedPort(int embeddedPort) {
        this.embeddedPort = embeddedPort;
    }

    /** Partitions of the topics the registry creates; the event log's count caps parallelism. */
    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public short getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(short replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    /** Whether to create missing topics at start-up; operators who provision topics turn it off. */
    public boolean isCreateTopics() {
        return createTopics;
    }

    public void setCreateTopics(boolean createTopics) {
        this.createTopics = createTopics;
    }

    /** Client properties for every Kafka client the registry makes (security, timeouts...). */
    public Map<String, String> getProperties() {
        return properties;
    }

    /** Keys keep their dots ({@code security.protocol}), as Kafka names its settings. */
    public void setProperties(@MapFormat(transformation = MapFormat.MapTransformation.FLAT)
                              Map<String, String> properties) {
        this.properties = properties;
    }
}
