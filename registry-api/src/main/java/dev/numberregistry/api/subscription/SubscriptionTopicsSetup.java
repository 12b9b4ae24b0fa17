package dev.numberregistry.api.subscription;

import dev.numberregistry.api.config.KafkaSettings;
import dev.numberregistry.api.config.TopicSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.kafka.TopicProvisioner;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics of push subscriptions when they are missing, after the registry's own: the
 * watchlist must have as many partitions as the recycle notifications it is matched with.
 */
@Singleton
public class SubscriptionTopicsSetup {


    private final KafkaClientProperties clientProperties;
    private final KafkaSettings kafka;
    private final TopicSettings registryTopics;
    private final SubscriptionSettings settings;
    private final TopicProvisioner provisioner;
    private Integer watchlistPartitions;

    SubscriptionTopicsSetup(KafkaClientProperties clientProperties, KafkaSettings kafka, TopicSettings registryTopics,
                            SubscriptionSettings settings, TopicProvisioner provisioner) {
        this.clientProperties = clientProperties;
        this.kafka = kafka;
        this.registryTopics = registryTopics;
        this.settings = settings;
        this.provisioner = provisioner;
    }

    /**
     * Makes sure the topics exist (once per run), and says how many partitions the watchlist has.
     *
     * @throws IllegalStateException when the watchlist and the notifications are partitioned apart:
     *                               a notification would not meet the watches of its number
     */
    public synchronized int ensureTopics() {
        if (watchlistPartitions != null) {
            return watchlistPartitions;
        }
        provisioner.provision(registryTopics.toTopics());
        try (Admin admin = Admin.create(clientProperties.common())) {
            String notifications = registryTopics.getNotifications();
            int partitions = TopicProvisioner.partitionsOf(admin, notifications);
            if (kafka.isCreateTopics()) {
                createMissing(admin, partitions);
            }
            int watchlist = TopicProvisioner.partitionsOf(admin, settings.getWatchlistTopic());
            int states = TopicProvisioner.partitionsOf(admin, registryTopics.getStates());
            if (states != partitions) {
                throw new IllegalStateException(registryTopics.getStates() + " has " + states + " partitions and "
                        + notifications + " " + partitions + ": they must have as many, for a number's SIM changes "
                        + "and its changes of hands to meet its watches in one place");
            }
            if (watchlist != partitions) {
                throw new IllegalStateException(settings.getWatchlistTopic() + " has " + watchlist + " partitions and "
                        + notifications + " " + partitions + ": they must have as many, for each number's watches to "
                        + "be where its notifications are read (" + SubscriptionSettings.PREFIX + ".watchlist-topic)");
            }
            watchlistPartitions = watchlist;
            return watchlist;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the subscriptions' topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the subscriptions' topics: " + e.getMessage(), e);
        }
    }

    private void createMissing(Admin admin, int notificationPartitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        short replication = kafka.getReplicationFactor();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = List.of(
                new NewTopic(settings.getSubscriptionsTopic(), 1, replication).configs(compacted),
                new NewTopic(settings.getDeliveryStatusTopic(), 1, replication).configs(compacted),
                new NewTopic(settings.getWatchlistTopic(), notificationPartitions, replication).configs(compacted),
                new NewTopic(settings.getDeliveriesTopic(), kafka.getPartitions(), replication).configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.getDeliveriesRetention().toMillis()))));
        TopicProvisioner.createMissing(admin, wanted);
    }
}
