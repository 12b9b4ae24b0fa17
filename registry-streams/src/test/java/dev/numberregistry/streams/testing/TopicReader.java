package dev.numberregistry.streams.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads what the registry committed to a topic, as its subscribers do (read_committed). */
public final class TopicReader {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TopicReader() {
    }

    /** Every value on the topic, once at least {@code atLeast} have come. */
    public static <V> List<V> readAtLeast(String bootstrapServers, String topic, Deserializer<V> deserializer,
                                          int atLeast) {
        return read(bootstrapServers, topic, deserializer, key -> true, atLeast);
    }

    /** Every value on the topic under the key, once at least {@code atLeast} have come. */
    public static <V> List<V> readAtLeast(String bootstrapServers, String topic, Deserializer<V> deserializer,
                                          String key, int atLeast) {
        return read(bootstrapServers, topic, deserializer, key::equals, atLeast);
    }

    private static <V> List<V> read(String bootstrapServers, String topic, Deserializer<V> deserializer,
                                    Predicate<String> keys, int atLeast) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(PATIENCE).until(() -> {
                poll(consumer, keys, values, Duration.ofMillis(200));
                return values.size() >= atLeast;
            });
            // Whatever else is committed comes with it: a record too many is as wrong as one missing.
            poll(consumer, keys, values, Duration.ofSeconds(1));
        }
        return values;
    }

    private static <V> void poll(KafkaConsumer<String, V> consumer, Predicate<String> keys, List<V> values,
                                 Duration timeout) {
        consumer.poll(timeout).forEach(record -> {
            if (keys.test(record.key())) {
                values.add(record.value());
            }
        });
    }
}
