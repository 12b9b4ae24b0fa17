package dev.numberregistry.streams.audit;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The audit trail's indexes, as two sub-topologies of their own beside the registry's: the trail
 * (keyed by client) is indexed by client where it lands, and re-keyed by number through a topic
 * of its own (Kafka Streams' processor API has no repartition topics: the registry creates it, as
 * its other topics), whose records are indexed by number. Each index is partitioned as its topic,
 * so that interactive queries find the instance that owns a client, or a number, as they find a
 * number's state.
 *
 * <pre>
 * registry-audit --> index-audit-by-client (audit-by-client-store)
 *                +-> rekey-audit-by-number --> registry-audit-by-number --> index-audit-by-number (audit-by-number-store)
 * </pre>
 */
public final class AuditTopology {

    public static final String SOURCE = "registry-audit-source";
    public static final String BY_CLIENT_PROCESSOR = "index-audit-by-client";
    public static final String REKEY_PROCESSOR = "rekey-audit-by-number";
    public static final String BY_NUMBER_SINK = "registry-audit-by-number-sink";
    public static final String BY_NUMBER_SOURCE = "registry-audit-by-number-source";
    public static final String BY_NUMBER_PROCESSOR = "index-audit-by-number";

    private AuditTopology() {
    }

    /**
     * What the audit sub-topologies need of the Streams configuration: producers that write a
     * whole record of the trail to an index's changelog ({@link AuditLog#LARGEST_RECORD}).
     */
    public static void configure(Properties streamsProperties) {
        streamsProperties.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                AuditLog.LARGEST_RECORD);
    }

    /** Adds the audit trail's sub-topologies to the topology, touching none of its other nodes. */
    public static Topology addTo(Topology topology, AuditLog log) {
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), log.topic());
        topology.addProcessor(BY_CLIENT_PROCESSOR, () -> new AuditIndexer(AuditStores.BY_CLIENT), SOURCE);
        topology.addStateStore(AuditStores.storeBuilder(AuditStores.BY_CLIENT, log.retention()), BY_CLIENT_PROCESSOR);
        topology.addProcessor(REKEY_PROCESSOR, AuditByNumber::new, SOURCE);
        topology.addSink(BY_NUMBER_SINK, log.byNumberTopic(), new StringSerializer(), new ByteArraySerializer(),
                REKEY_PROCESSOR);
        topology.addSource(BY_NUMBER_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), log.byNumberTopic());
        topology.addProcessor(BY_NUMBER_PROCESSOR, () -> new AuditIndexer(AuditStores.BY_NUMBER), BY_NUMBER_SOURCE);
        topology.addStateStore(AuditStores.storeBuilder(AuditStores.BY_NUMBER, log.retention()), BY_NUMBER_PROCESSOR);
        return topology;
    }
}
