package dev.numberregistry.benchmarks;

import dev.numberregistry.benchmarks.harness.EventRecords;
import dev.numberregistry.core.event.NumberEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes numbered events to the log at a steady rate, as a carrier's systems do during the day,
 * not in bursts: event {@code i} of a run is due {@code i / rate} seconds after its start, and is
 * sent when due (late ones at once, so that a slow moment does not lower the rate). Notes for each
 * when it was sent and when the broker acknowledged it ({@link System#nanoTime()}): the
 * acknowledgement is the moment the change is on the log, where the registry's work starts.
 * No linger: an event waits for no other.
 */
final class PacedSender implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLongArray sentAt;
    private final AtomicLongArray ackedAt;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    PacedSender(String bootstrap, int events) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.sentAt = new AtomicLongArray(events);
        this.ackedAt = new AtomicLongArray(events);
    }

    /** Sends events {@code from} to {@code to} (excluded) at {@code perSecond}, and waits for every acknowledgement. */
    void run(String topic, int from, int to, double perSecond, IntFunction<NumberEvent> eventOf) {
        long start = System.nanoTime();
        double interval = 1e9 / perSecond;
        for (int i = from; i < to; i++) {
            long due = start + (long) ((i - from) * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            NumberEvent event = eventOf.apply(i);
            int index = i;
            sentAt.set(index, System.nanoTime());
            producer.send(new ProducerRecord<>(topic, EventRecords.key(event), EventRecords.value(event)),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            ackedAt.set(index, System.nanoTime());
                        }
                    });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing failed", failure.get());
        }
    }

    long sentAt(int index) {
        return sentAt.get(index);
    }

    long ackedAt(int index) {
        return ackedAt.get(index);
    }

    @Override
    public void close() {
        producer.close();
    }
}
