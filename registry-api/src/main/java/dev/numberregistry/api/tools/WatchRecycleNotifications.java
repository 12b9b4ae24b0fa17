package dev.numberregistry.api.tools;

import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.SingleObjectCodec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A subscriber of recycle notifications, as a bank would write one, and a tool to watch them:
 * {@code java -cp number-registry.jar dev.numberregistry.api.tools.WatchRecycleNotifications
 * [bootstrap-servers] [group-id]}. Prints one line per notification until stopped.
 */
public final class WatchRecycleNotifications {

    private WatchRecycleNotifications() {
    }

    public static void main(String[] args) {
        String bootstrapServers = args.length > 0 ? args[0] : "localhost:9092";
        String groupId = args.length > 1 ? args[1] : "recycle-notification-watcher";
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Only what the registry committed: each notification once, even across its crashes.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        SingleObjectCodec<NumberRecycleNotification> codec = SingleObjectCodec.forType(NumberRecycleNotification.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("number-recycle-notifications"));
            System.out.println("Watching number-recycle-notifications on " + bootstrapServers + " (Ctrl-C to stop)");
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    NumberRecycleNotification notification = codec.decode(record.value());
                    System.out.println(notification.getKind() + " " + notification.getNumber()
                            + " at " + notification.getOccurredAt()
                            + (notification.getQuarantineEndsAt() == null ? ""
                                    : ", quarantined until " + notification.getQuarantineEndsAt())
                            + " (notification " + notification.getNotificationId() + ")");
                }
            }
        }
    }
}
