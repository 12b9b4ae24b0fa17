package dev.numberregistry.api.audit;

import dev.numberregistry.api.config.AuditSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.streams.audit.AuditLog;
import dev.numberregistry.streams.audit.AuditRecord;
import dev.numberregistry.streams.audit.AuditRecordSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the audit trail: each record to the audit topic, keyed by its client, timestamped with the
 * time of its answer (the indexes file it under that time). A record is written when every in-sync
 * replica has it ({@code acks=all}, idempotent, so that a retry never writes it twice), and the
 * caller learns whether it was: see "Audit trail" in the README for why an answer waits for it.
 *
 * <p>Counted in {@code registry_audit_records_total{outcome="written"|"failed"}}.
 */
@Singleton
public class AuditTrail {

    static final String METER = "registry.audit.records";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Counter written;
    private final Counter failed;

    AuditTrail(KafkaClientProperties clientProperties, AuditSettings settings, MeterRegistry meters) {
        Map<String, Object> properties = clientProperties.common();
        int timeout = (int) settings.getWriteTimeout().toMillis();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // An answer waits for its record: nothing lingers. Requests that come together still go in one batch.
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, AuditLog.LARGEST_RECORD);
        // No answer waits longer than the write timeout, not even for the topic's metadata.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "registry-audit-trail");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.topic = settings.getTopic();
        this.written = Counter.builder(METER).description("Records of CAMARA requests written to the audit trail, "
                + "or that could not be (their answers were withheld)").tag("outcome", "written").register(meters);
        this.failed = Counter.builder(METER).description("Records of CAMARA requests written to the audit trail, "
                + "or that could not be (their answers were withheld)").tag("outcome", "failed").register(meters);
    }

    /** Completes when Kafka has the record; completes exceptionally when it could not take it in time. */
    public CompletableFuture<Void> record(AuditRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, record.at().toEpochMilli(), record.client(),
                    AuditRecordSerde.toJson(record)), (metadata, failure) -> {
                        if (failure == null) {
                            written.increment();
                            done.complete(null);
                        } else {
                            failed.increment();
                            done.completeExceptionally(failure);
                        }
                    });
        } catch (RuntimeException e) {
            // send() throws rather than calls back when it cannot even queue the record (no metadata in time).
            failed.increment();
            done.completeExceptionally(e);
        }
        return done;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
