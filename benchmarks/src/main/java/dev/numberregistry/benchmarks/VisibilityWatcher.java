package dev.numberregistry.benchmarks;

import dev.numberregistry.benchmarks.harness.KafkaClients;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.streams.serde.RegistrySerdes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * When each of the run's notifications became visible on a topic to a read_committed reader (by
 * this JVM's clock): on {@code number-recycle-notifications} once the lifecycle's transaction is
 * committed, on {@code registry-deliveries} once the matching's is. Between the event's
 * acknowledgement and the sink's receipt, these say which stage the time went to. Reads from the
 * topic's end at its start, on a thread of its own.
 */
final class VisibilityWatcher implements AutoCloseable {

    private final String idPrefix;
    private final AtomicLongArray visibleAt;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<NumberRecycleNotification> notifications =
            RegistrySerdes.STORES.notifications().deserializer();
    private final Thread thread;
    private volatile boolean running = true;

    VisibilityWatcher(String bootstrap, String topic, String idPrefix, int events) {
        this.idPrefix = idPrefix;
        this.visibleAt = new AtomicLongArray(events);
        this.consumer = KafkaClients.committedReader(bootstrap, 5_000);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
        this.thread = new Thread(this::read, "visible-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** When the notification of event {@code index} was first seen, or 0. */
    long visibleAt(int index) {
        return visibleAt.get(index);
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long at = System.nanoTime();
                    String id = notifications.deserialize(record.topic(), record.value()).getNotificationId();
                    if (id.startsWith(idPrefix)) {
                        int index = Integer.parseInt(id.substring(idPrefix.length()));
                        if (index < visibleAt.length()) {
                            visibleAt.compareAndSet(index, 0, at);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
