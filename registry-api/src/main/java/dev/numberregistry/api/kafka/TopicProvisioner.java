package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.audit.AuditLog;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the registry's topics when they are missing, with the settings each one needs. */
@Singleton
public class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final Duration METADATA_RETRY = Duration.ofMillis(100);

    private final KafkaClientProperties clientProperties;
    private final KafkaSettings settings;

    TopicProvisioner(KafkaClientProperties clientProperties, KafkaSettings settings) {
        this.clientProperties = clientProperties;
        this.settings = settings;
    }

    /**
     * Creates the registry's topics that are missing (unless told not to), and says how many
     * partitions the event log has: one client, one session, at start-up.
     *
     * @return the partitions of the event log, as the cluster says
     */
    public int provision(RegistryTopics topics) {
        try (Admin admin = Admin.create(clientProperties.common())) {
            if (settings.isCreateTopics()) {
                createMissing(admin, topics);
            }
            return partitionsOf(admin, topics.events());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning the registry's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not provision the registry's topics: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the audit trail's topics that are missing (unless told not to), and gives those that
     * exist the configured retention: the retention is the operator's to change, and a trail kept
     * longer than said is kept unlawfully long.
     */
    public void provisionAudit(AuditLog log) {
        if (!settings.isCreateTopics()) {
            return;
        }
        try (Admin admin = Admin.create(clientProperties.common())) {
            List<NewTopic> wanted = auditTopics(log, settings.getPartitions(), settings.getReplicationFactor());
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            createMissing(admin, wanted, existing);
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    keepFor(admin, topic.name(), log.retention());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning the audit trail's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not provision the audit trail's topics: " + e.getMessage(), e);
        }
    }

    /**
     * The audit trail's topics as the registry creates them: deleted by age only, and taking a
     * record as large as a request may make ({@link AuditLog#LARGEST_RECORD}). Public so that
     * the benchmarks create exactly these.
     */
    public static List<NewTopic> auditTopics(AuditLog log, int partitions, short replicationFactor) {
        Map<String, String> configs = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(log.retention().toMillis()),
                TopicConfig.RETENTION_BYTES_CONFIG, "-1", TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(AuditLog.LARGEST_RECORD));
        return List.of(new NewTopic(log.topic(), partitions, replicationFactor).configs(configs),
                new NewTopic(log.byNumberTopic(), partitions, replicationFactor).configs(configs));
    }

    private static void keepFor(Admin admin, String topic, Duration retention)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(resource);
        ConfigEntry current = config.get(TopicConfig.RETENTION_MS_CONFIG);
        String wanted = Long.toString(retention.toMillis());
        if (current == null || !wanted.equals(current.value())) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, wanted), AlterConfigOp.OpType.SET))))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("The audit topic {} now keeps its records {} (was {} ms)", topic, retention,
                    current == null ? "unset" : current.value());
        }
    }

    /** The partitions of a topic. One just created may not be known yet to the broker that answers: asked again until it is. */
    public static int partitionsOf(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                Thread.sleep(METADATA_RETRY.toMillis());
            }
        }
    }

    private void createMissing(Admin admin, RegistryTopics topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<NewTopic> wanted = newTopics(topics, settings.getPartitions(), settings.getReplicationFactor());
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        createMissing(admin, wanted, existing);
    }

    /** Creates those of these topics the cluster does not have (for the features that bring topics of their own). */
    public static void createMissing(Admin admin, List<NewTopic> wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        createMissing(admin, wanted, admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private static void createMissing(Admin admin, List<NewTopic> wanted, Set<String> existing)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        }
    }

    /**
     * The registry's topics as it creates them, with the settings each one needs. Public so that the
     * benchmarks create exactly these.
     */
    public static List<NewTopic> newTopics(RegistryTopics topics, int partitions, short replicationFactor) {
        BiFunction<String, Map<String, String>, NewTopic> topic = (name, configs) ->
                new NewTopic(name, partitions, replicationFactor).configs(configs);
        return List.of(
                // The log is the source of truth: never deleted by age or size.
                topic.apply(topics.events(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1")),
                // The latest state per number is all that matters.
                topic.apply(topics.states(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic.apply(topics.rejected(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                // Reminders are worth nothing once the deadline has passed.
                topic.apply(topics.reminders(), Map.of(TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(Duration.ofDays(30).toMillis()))),
                // Subscribers may start late and still learn every change of hands.
                topic.apply(topics.notifications(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    }
}
