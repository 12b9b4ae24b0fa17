package dev.numberregistry.api.kafka;

/**
 * A running Kafka cluster the application talks to. The seam behind which the embedded broker's
 * internal Kafka server classes stay, so that nothing else depends on them.
 */
public interface KafkaCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients of this cluster. */
    String bootstrapServers();

    /** Stops the cluster (if this process owns it) and waits until it has stopped. */
    @Override
    void close();
}
