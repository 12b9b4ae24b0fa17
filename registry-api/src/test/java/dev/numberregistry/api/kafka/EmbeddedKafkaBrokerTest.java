package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "number-events";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDirectory;

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnOtherPorts() throws Exception {
        String clusterIdBeforeRestart;
        int brokerPortBeforeRestart;
        int controllerPortBeforeRestart;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory)) {
            clusterIdBeforeRestart = broker.clusterId();
            brokerPortBeforeRestart = broker.brokerPort();
            controllerPortBeforeRestart = broker.controllerPort();
            createTopic(broker.bootstrapServers());
            // Transactional, as the application's exactly_once_v2 Streams app writes: this needs the
            // transaction state log with replication factor 1.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "+41446681800", "ASSIGNED"));
                producer.commitTransaction();
            }
        }

        // Ports other than last time's, as after a restart when the old ones were taken: the static
        // controller quorum must follow the new controller port.
        int[] otherPorts = portsOtherThan(brokerPortBeforeRestart, controllerPortBeforeRestart);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory, otherPorts[0], otherPorts[1])) {
            assertThat(broker.clusterId()).isEqualTo(clusterIdBeforeRestart);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + otherPorts[0]);

            assertThat(readCommitted(broker.bootstrapServers(), 1))
                    .singleElement()
                    .satisfies(record -> {
                        assertThat(record.key()).isEqualTo("+41446681800");
                        assertThat(record.value()).isEqualTo("ASSIGNED");
                    });
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDirectory);
        broker.close();
        broker.close();
    }

    private static void createTopic(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> readCommitted(String bootstrapServers, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-broker-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Free loopback ports, none of which is one of {@code taken}. */
    private static int[] portsOtherThan(int... taken) {
        Set<Integer> excluded = new HashSet<>();
        for (int port : taken) {
            excluded.add(port);
        }
        while (true) {
            int[] ports = EmbeddedKafkaBroker.freeLoopbackPorts(2);
            if (!excluded.contains(ports[0]) && !excluded.contains(ports[1])) {
                return ports;
            }
        }
    }
}
