package dev.numberregistry.api.kafka;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.streams.RegistryTopics;
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
import org.apache.kafka.clients.admin.NewTopic;
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
