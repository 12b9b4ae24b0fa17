package dev.numberregistry.api.subscription;

import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.query.RegistryNotReadyException;
import dev.numberregistry.core.subscription.Watch;
import dev.numberregistry.streams.subscription.WatchCodec;
import dev.numberregistry.streams.subscription.WatchlistKey;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes subscriptions, their watchlists and orders about their deliveries to Kafka, and answers
 * once Kafka has them (every replica that must): a subscription the bank was told about survives
 * the instance that made it.
 */
@Singleton
public class SubscriptionLog {

    private static final long WAIT_SECONDS = 30;

    private final SubscriptionSettings settings;
    private final SubscriptionDirectory directory;
    private final Documents documents;
    private final Clock clock;
    private final int watchlistPartitions;
    private final KafkaProducer<String, byte[]> producer;

    SubscriptionLog(KafkaClientProperties clientProperties, SubscriptionSettings settings,
                    SubscriptionDirectory directory, SubscriptionTopicsSetup setup, Documents documents, Clock clock) {
        this.settings = settings;
        this.directory = directory;
        this.documents = documents;
        this.clock = clock;
        this.watchlistPartitions = setup.ensureTopics();
        Map<String, Object> properties = clientProperties.common();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes a new subscription; this instance reads it before the call returns. */
    public void create(Subscription subscription) {
        RecordMetadata written = await(producer.send(new ProducerRecord<>(settings.getSubscriptionsTopic(),
                subscription.id(), documents.write(subscription))));
        directory.awaitSubscription(written.partition(), written.offset());
    }

    /**
     * Deletes a subscription: nothing more is sent to it but, after whatever was on its way, the
     * event that says it ended; its watchlist goes.
     */
    public void delete(Subscription subscription) {
        Subscription deleted = subscription.deletedAt(clock.instant());
        await(producer.send(new ProducerRecord<>(settings.getSubscriptionsTopic(), deleted.id(),
                documents.write(deleted))));
        end(subscription.id(), "SUBSCRIPTION_DELETED", "The subscription was deleted by its owner.");
        // Its watches go from every partition of the watchlist, so that nothing is matched to it any more.
        List<Future<RecordMetadata>> sent = new ArrayList<>(watchlistPartitions);
        for (int partition = 0; partition < watchlistPartitions; partition++) {
            sent.add(producer.send(new ProducerRecord<>(settings.getWatchlistTopic(), partition,
                    WatchlistKey.deletionOf(subscription.id()), new byte[0])));
        }
        sent.forEach(SubscriptionLog::await);
    }

    /** Orders the end of a subscription, after the deliveries before this order. */
    public void end(String subscriptionId, String reason, String description) {
        await(control(subscriptionId, DeliveryControl.end(reason, description)));
    }

    /** Orders a suspended subscription resumed: what it missed is sent, then what comes. */
    public void resume(String subscriptionId) {
        await(control(subscriptionId, DeliveryControl.resume()));
    }

    /** Watches these numbers for the subscription, or changes their date of verification. */
    public void watch(Subscription subscription, Map<String, Watch> watches) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(watches.size());
        watches.forEach((number, watch) -> sent.add(sendWatch(new WatchlistKey(number, subscription.id()),
                WatchCodec.encode(watch))));
        sent.forEach(SubscriptionLog::await);
    }

    /** Stops watching these numbers for the subscription; a number it did not watch is no error. */
    public void unwatch(Subscription subscription, Collection<String> numbers) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(numbers.size());
        numbers.forEach(number -> sent.add(sendWatch(new WatchlistKey(number, subscription.id()), null)));
        sent.forEach(SubscriptionLog::await);
    }

    /** Records how a subscription's deliveries stand. */
    Future<RecordMetadata> status(DeliveryStatus status) {
        return producer.send(new ProducerRecord<>(settings.getDeliveryStatusTopic(), status.subscriptionId(),
                documents.write(status)));
    }

    /** Records how a subscription's deliveries stand, and waits until Kafka has it. */
    void statusNow(DeliveryStatus status) {
        await(status(status));
    }

    private Future<RecordMetadata> control(String subscriptionId, DeliveryControl control) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.getDeliveriesTopic(), subscriptionId,
                documents.write(control));
        record.headers().add(DeliveryControl.HEADER, control.action().getBytes(StandardCharsets.UTF_8));
        return producer.send(record);
    }

    private Future<RecordMetadata> sendWatch(WatchlistKey key, String watch) {
        return producer.send(new ProducerRecord<>(settings.getWatchlistTopic(), key.partition(watchlistPartitions),
                key.encoded(), watch == null ? null : watch.getBytes(StandardCharsets.UTF_8)));
    }

    private static RecordMetadata await(Future<RecordMetadata> sent) {
        try {
            return sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryNotReadyException("interrupted while writing to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryNotReadyException("Kafka did not take the write: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
