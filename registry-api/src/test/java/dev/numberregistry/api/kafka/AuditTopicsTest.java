package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.streams.audit.AuditLog;
import dev.numberregistry.streams.testing.InJvmKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's topics keep their records for the configured retention: created with it, and
 * set to it at start when they exist with another (the operator changed the setting).
 */
class AuditTopicsTest {

    private static InJvmKafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = InJvmKafkaCluster.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    private static TopicProvisioner provisioner(boolean createTopics) {
        KafkaSettings settings = new KafkaSettings();
        settings.setPartitions(2);
        settings.setCreateTopics(createTopics);
        KafkaCluster cluster = new KafkaCluster() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public void close() {
            }
        };
        return new TopicProvisioner(new KafkaClientProperties(cluster, settings), settings);
    }

    /** A topic just created may not be known yet to the broker that answers: asked again until it is. */
    private static Config configOf(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource),
                config -> config != null);
    }

    @Test
    void missingTopicsAreCreatedWithTheRetentionAndRoomForALargeRequest() throws Exception {
        AuditLog log = new AuditLog("audit-created", "audit-created-by-number", Duration.ofDays(400));

        provisioner(true).provisionAudit(log);

        for (String topic : List.of(log.topic(), log.byNumberTopic())) {
            Config config = configOf(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(topic).isEqualTo("34560000000");
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).as(topic)
                    .isEqualTo(Integer.toString(AuditLog.LARGEST_RECORD));
        }
    }

    @Test
    void anExistingTopicTakesTheConfiguredRetentionAtStart() throws Exception {
        admin.createTopics(List.of(new NewTopic("audit-kept", 2, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(400).toMillis())))))
                .all().get(30, TimeUnit.SECONDS);
        AuditLog shorter = new AuditLog("audit-kept", "audit-kept-by-number", Duration.ofDays(90));

        provisioner(true).provisionAudit(shorter);

        assertThat(configOf("audit-kept").get(TopicConfig.RETENTION_MS_CONFIG).value())
                .isEqualTo(Long.toString(Duration.ofDays(90).toMillis()));
    }

    @Test
    void toldNotToCreateTopicsTheRegistryLeavesThemToTheOperator() throws Exception {
        AuditLog log = new AuditLog("audit-not-created", "audit-not-created-by-number", Duration.ofDays(30));

        provisioner(false).provisionAudit(log);

        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(log.topic(), log.byNumberTopic());
    }
}
