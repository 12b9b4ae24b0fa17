package dev.numberregistry.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InJvmKafkaClusterTest {

    private static final Duration POLL_DEADLINE = Duration.ofSeconds(30);

    private static InJvmKafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = InJvmKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void committedTransactionIsVisibleToReadCommittedConsumer() {
        kafka.createTopics(1, "in-jvm-transactions");

        // A transactional commit needs the transaction state log, the one internal topic that a
        // single node cannot create with the broker defaults; this is what exactly_once_v2 relies on.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "in-jvm-cluster-test",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("in-jvm-transactions", "+41446681800", "ASSIGNED"));
            producer.commitTransaction();
        }

        assertThat(readCommitted("in-jvm-transactions", 1))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.key()).isEqualTo("+41446681800");
                    assertThat(record.value()).isEqualTo("ASSIGNED");
                });
    }

    @Test
    void compactedTopicsCanBeCreatedNextToPlainOnes() throws Exception {
        kafka.createCompactedTopics(2, "in-jvm-compacted-a", "in-jvm-compacted-b");
        kafka.createTopics(3, "in-jvm-plain");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // The broker asked may learn of the new topics a moment after the controller made them.
            Map<String, TopicDescription> topics = await().atMost(POLL_DEADLINE)
                    .ignoreException(ExecutionException.class)
                    .until(() -> admin.describeTopics(List.of("in-jvm-compacted-a", "in-jvm-compacted-b",
                            "in-jvm-plain")).allTopicNames().get(), Objects::nonNull);
            List<ConfigResource> resources = topics.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = await().atMost(POLL_DEADLINE).ignoreException(ExecutionException.class)
                    .until(() -> admin.describeConfigs(resources).all().get(), Objects::nonNull);

            assertThat(topics).extractingFromEntries(entry -> entry.getKey() + ":" + entry.getValue().partitions().size())
                    .containsExactlyInAnyOrder("in-jvm-compacted-a:2", "in-jvm-compacted-b:2", "in-jvm-plain:3");
            assertThat(configs).extractingFromEntries(entry -> entry.getKey().name() + ":"
                            + entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .containsExactlyInAnyOrder("in-jvm-compacted-a:compact", "in-jvm-compacted-b:compact",
                            "in-jvm-plain:delete");
        }
    }

    private static List<ConsumerRecord<String, String>> readCommitted(String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "in-jvm-cluster-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
