package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.KafkaSettings;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The connection properties every Kafka client of the application starts from. */
@Singleton
public class KafkaClientProperties {

    private final KafkaCluster cluster;
    private final KafkaSettings settings;

    KafkaClientProperties(KafkaCluster cluster, KafkaSettings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    /** A fresh, mutable copy: callers add their own client's settings. */
    public Map<String, Object> common() {
        Map<String, Object> properties = new HashMap<>(settings.getProperties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return properties;
    }
}
