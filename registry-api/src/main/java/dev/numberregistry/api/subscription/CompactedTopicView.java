package dev.numberregistry.api.subscription;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value of every key of a compacted topic, read whole by this instance and kept up to
 * date by a thread of its own: subscriptions and their delivery status are few (hundreds), and
 * every instance needs them all. A reader can wait until the view holds everything written
 * before it asked ({@link #catchUp}), so that what one instance wrote, another reads.
 */
final class CompactedTopicView<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicView.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final Function<byte[], V> decoder;
    private final Map<String, Object> properties;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, V> latest = new ConcurrentHashMap<>();
    /** Where the view has read to, per partition: the next offset it will read. */
    private final Map<Integer, Long> readTo = new ConcurrentHashMap<>();
    private final Thread reader;
    /** Asks where the topic ends, for readers that wait to catch up; made when first needed, one for all. */
    private final Object probeLock = new Object();
    private KafkaConsumer<String, byte[]> probe;
    private volatile boolean running = true;

    CompactedTopicView(String topic, Map<String, Object> clientProperties, Function<byte[], V> decoder) {
        this.topic = topic;
        this.decoder = decoder;
        Map<String, Object> properties = new HashMap<>(clientProperties);
        this.properties = properties;
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(partition -> readTo.put(partition.partition(), 0L));
        this.reader = new Thread(this::read, "view-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    Optional<V> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    Map<String, V> all() {
        return Map.copyOf(latest);
    }

    /** Waits until the view has read the record at this offset. */
    boolean awaitRead(int partition, long offset, Duration patience) {
        return waitUntil(() -> readTo.getOrDefault(partition, 0L) > offset, patience);
    }

    /**
     * Waits until the view holds everything written to the topic before the call.
     *
     * @return false if it had not within the patience
     */
    boolean catchUp(Duration patience) {
        Map<TopicPartition, Long> ends;
        synchronized (probeLock) {
            if (probe == null) {
                probe = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
            }
            ends = probe.endOffsets(readTo.keySet().stream().map(p -> new TopicPartition(topic, p)).toList(), patience);
        }
        return waitUntil(() -> ends.entrySet().stream().allMatch(end ->
                readTo.getOrDefault(end.getKey().partition(), 0L) >= end.getValue()), patience);
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                for (TopicPartition partition : consumer.assignment()) {
                    readTo.put(partition.partition(), consumer.position(partition));
                }
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Stopped reading {}: {}", topic, e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Left out a record of {} without a key (offset {})", topic, record.offset());
        } else if (record.value() == null) {
            latest.remove(record.key());
        } else {
            try {
                latest.put(record.key(), decoder.apply(record.value()));
            } catch (RuntimeException e) {
                LOG.warn("Left out a record of {} that does not read ({}, offset {}): {}", topic, record.key(),
                        record.offset(), e.getMessage());
            }
        }
    }

    private boolean waitUntil(BooleanSupplier condition, Duration patience) {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = giveUpAt - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL.toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        synchronized (probeLock) {
            if (probe != null) {
                probe.close();
            }
        }
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
