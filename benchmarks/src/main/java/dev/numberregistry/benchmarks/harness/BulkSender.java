package dev.numberregistry.benchmarks.harness;

import dev.numberregistry.core.event.NumberEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records as fast as the producer takes them, and remembers the first that failed: a run
 * whose records did not all reach the broker fails at {@link #flush}.
 */
public final class BulkSender implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** With {@link KafkaClients#bulkProducerConfig(String, int, int)} or another configuration. */
    public BulkSender(Map<String, Object> config) {
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** An event, keyed and encoded as {@link EventRecords} does. */
    public void send(String topic, NumberEvent event) {
        send(topic, EventRecords.key(event), EventRecords.value(event));
    }

    /**
     * Waits until every record sent was acknowledged; returns {@link System#nanoTime()} then.
     *
     * @throws IllegalStateException when a record could not be sent
     */
    public long flush() {
        producer.flush();
        long done = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("producing failed", failure.get());
        }
        return done;
    }

    @Override
    public void close() {
        producer.close();
    }
}
