package dev.numberregistry.api.subscription;

import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.subscription.SimChange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every subscription its deliveries. The instances share the deliveries topic as one
 * consumer group: each sends the subscriptions of the partitions it has, so that no two send the
 * same one in the normal case. A partition is committed only below what a sink has yet to take:
 * after a crash, what was under way is sent again (a sink deduplicates on the event's id), and
 * nothing is lost. All state is this one thread's; the sinks' answers come back to it. It starts
 * once the server does: the application is whole by then.
 */
@Singleton
class DeliveryDispatcher implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    private static final long WAIT_SECONDS = 30;
    /** Failures of the loop in a row after which the deliveries stop, for a restart to mend. */
    private static final int FAILURES_TO_STOP = 10;

    private final SubscriptionSettings settings;
    private final SubscriptionDirectory directory;
    private final SubscriptionLog log;
    private final SinkClient sinks;
    private final CloudEvents events;
    private final Clock clock;
    private final DeliveryMeters meters;
    private final Backoff backoff;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<NumberRecycleNotification> notifications =
            RegistrySerdes.STORES.notifications().deserializer();
    private final Map<Integer, PartitionDeliveries> partitions = new HashMap<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final int topicPartitions;
    private final EventPlacement placement;
    private final Thread thread;
    private volatile boolean running = true;
    /** Why the deliveries stopped, if they did for anything but closing. */
    private volatile String stoppedBy;
    private Instant lastCommit = Instant.MIN;
    private Instant lastExpiryCheck = Instant.MIN;
    private int underWay;
    private int firstTurn;

    DeliveryDispatcher(KafkaClientProperties clientProperties, SubscriptionSettings settings, StreamsSettings streams,
                       SubscriptionDirectory directory, SubscriptionLog log, SinkClient sinks, CloudEvents events,
                       Clock clock, MeterRegistry meterRegistry) {
        this.settings = settings;
        this.directory = directory;
        this.log = log;
        this.sinks = sinks;
        this.events = events;
        this.clock = clock;
        this.meters = new DeliveryMeters(meterRegistry);
        this.backoff = new Backoff(settings.getInitialBackoff(), settings.getMaxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.topic = settings.getDeliveriesTopic();
        Map<String, Object> properties = clientProperties.common();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, streams.getApplicationId() + "-deliveries");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The matching writes deliveries in the topology's transactions: only committed ones are sent.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.topicPartitions = consumer.partitionsFor(topic).size();
        this.placement = new EventPlacement(topicPartitions);
        this.thread = new Thread(this::run, "deliveries");
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    /** A sink's answer to one delivery, brought back to the dispatcher's thread. */
    private record Answer(PartitionDeliveries partition, SubscriptionQueue queue, Delivery delivery,
                          SinkClient.Outcome outcome, long nanos) {
    }

    private void run() {
        int failuresInARow = 0;
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    deliverOnce();
                    failuresInARow = 0;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (++failuresInARow >= FAILURES_TO_STOP) {
                        throw e;
                    }
                    LOG.warn("Deliveries failed ({} in a row), going on in a second: {}", failuresInARow, e.toString(), e);
                    pause(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            stoppedBy = e.toString();
            LOG.error("Deliveries stopped: {}", e.toString(), e);
        } finally {
            try {
                commit(partitions.values());
            } catch (RuntimeException e) {
                LOG.warn("Could not commit the deliveries made before closing: {}", e.toString());
            }
            consumer.close();
        }
    }

    /** One turn: the sinks' answers, suspensions and ends, what may be sent, what is new, a commit when due. */
    private void deliverOnce() {
        Instant now = clock.instant();
        takeAnswers(now);
        watchSubscriptions(now);
        send(now);
        ConsumerRecords<String, byte[]> records = consumer.poll(underWay > 0 ? BUSY_POLL : IDLE_POLL);
        for (TopicPartition partition : records.partitions()) {
            PartitionDeliveries deliveries = partitions.get(partition.partition());
            if (deliveries != null) {
                read(deliveries, records.records(partition), clock.instant());
            }
        }
        holdBackFullPartitions();
        if (!clock.instant().isBefore(lastCommit.plus(COMMIT_INTERVAL))) {
            commit(partitions.values());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // a back-off after a failure, on this thread of its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(PartitionDeliveries deliveries, List<ConsumerRecord<String, byte[]>> records, Instant now) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                LOG.warn("Left out a delivery without a subscription (partition {}, offset {})", record.partition(),
                        record.offset());
                continue;
            }
            if (!deliveries.firstRead(record.offset())) {
                sendAgain(deliveries, record, now);
                continue;
            }
            Optional<String> control = DeliveryControl.actionOf(record.headers());
            if (control.isEmpty()) {
                deliver(deliveries, record, now);
            } else if (control.get().equals(DeliveryControl.END)) {
                end(deliveries, record, now);
            } else if (control.get().equals(DeliveryControl.RESUME) && resume(deliveries, record, now)) {
                return; // read again from what the subscription missed; the rest of this batch comes again
            }
        }
    }

    private void deliver(PartitionDeliveries deliveries, ConsumerRecord<String, byte[]> record, Instant now) {
        Optional<Subscription> found = directory.find(record.key());
        if (found.isEmpty()) {
            LOG.warn("Left out a delivery for subscription {}, which no instance made (offset {})", record.key(),
                    record.offset());
            return;
        }
        Subscription subscription = found.get();
        SubscriptionQueue queue = queueOf(deliveries, subscription.id());
        if (subscription.deleted() || queue.state() == DeliveryState.ENDED) {
            return;
        }
        if (queue.state() == DeliveryState.SUSPENDED) {
            queue.missed(record.offset(), now);
            writeNow(queue);
            return;
        }
        if (subscription.expiresAt() != null && !now.isBefore(subscription.expiresAt())) {
            orderEnd(queue, "SUBSCRIPTION_EXPIRED", "The subscription expired at " + subscription.expiresAt() + ".");
            return;
        }
        if (subscription.maxEvents() != null
                && queue.status().delivered() + queue.eventsOnTheirWay() >= subscription.maxEvents()) {
            orderEnd(queue, "MAX_EVENTS_REACHED", "The subscription was sent its " + subscription.maxEvents()
                    + " events.");
            return;
        }
        queue.add(eventOf(subscription, record));
    }

    /** Why the deliveries stopped for good (only a restart mends it), if they did. */
    Optional<String> stoppedBy() {
        return Optional.ofNullable(stoppedBy);
    }

    /** A record read again for a resumed subscription: sent again if it is one it missed. */
    private void sendAgain(PartitionDeliveries deliveries, ConsumerRecord<String, byte[]> record, Instant now) {
        SubscriptionQueue queue = deliveries.find(record.key()).orElse(null);
        if (queue == null || queue.state() != DeliveryState.RESUMING || DeliveryControl.isControl(record.headers())) {
            return;
        }
        DeliveryStatus status = queue.status();
        if (record.offset() >= status.missedFrom() && record.offset() < status.resumedUntil()) {
            directory.known(record.key()).filter(subscription -> !subscription.deleted())
                    .ifPresent(subscription -> queue.add(eventOf(subscription, record)));
        }
    }

    /** The event of a record: a recycle notification, or a SIM change (told by its header). */
    private Delivery eventOf(Subscription subscription, ConsumerRecord<String, byte[]> record) {
        if (record.headers().lastHeader(SimChange.HEADER) != null) {
            SimChange change = SimChange.decode(new String(record.value(), StandardCharsets.UTF_8));
            return new Delivery(record.offset(), change.number(), CloudEvents.simChangeId(change),
                    events.simChange(subscription.id(), change), false);
        }
        NumberRecycleNotification notification = notifications.deserialize(topic, record.value());
        return new Delivery(record.offset(), notification.getNumber(), notification.getNotificationId(),
                events.changeOfHands(subscription.id(), notification), false);
    }

    private void end(PartitionDeliveries deliveries, ConsumerRecord<String, byte[]> record, Instant now) {
        SubscriptionQueue queue = queueOf(deliveries, record.key());
        if (queue.state() == DeliveryState.ENDED) {
            return;
        }
        DeliveryControl control = events.control(record.value());
        if (queue.state() == DeliveryState.SUSPENDED) {
            queue.endWithoutNotice(control.reason(), control.description(), now);
            writeNow(queue);
            return;
        }
        queue.ending(control.reason(), control.description());
        queue.add(new Delivery(record.offset(), null, CloudEvents.endId(record.key()),
                events.subscriptionEnds(record.key(), control.reason(), control.description(), now), true));
    }

    /** @return whether the partition is to be read again from what the subscription missed */
    private boolean resume(PartitionDeliveries deliveries, ConsumerRecord<String, byte[]> record, Instant now) {
        SubscriptionQueue queue = queueOf(deliveries, record.key());
        if (queue.state() != DeliveryState.SUSPENDED) {
            LOG.info("Subscription {} was not suspended ({}): nothing to resume", record.key(), queue.state());
            return false;
        }
        queue.resume(record.offset(), now);
        writeNow(queue);
        LOG.info("Subscription {} resumed{}", record.key(), queue.state() == DeliveryState.RESUMING
                ? ", sending again from offset " + queue.status().missedFrom() : "");
        if (queue.state() == DeliveryState.RESUMING) {
            consumer.seek(new TopicPartition(topic, deliveries.partition()), queue.status().missedFrom());
            return true;
        }
        return false;
    }

    private SubscriptionQueue queueOf(PartitionDeliveries deliveries, String subscriptionId) {
        return deliveries.queue(subscriptionId, id -> new SubscriptionQueue(directory.statusOf(id)
                .orElseGet(() -> DeliveryStatus.fresh(id, clock.instant()))));
    }

    private void orderEnd(SubscriptionQueue queue, String reason, String description) {
        if (!queue.endOrdered()) {
            queue.endOrderedNow();
            log.end(queue.subscriptionId(), reason, description);
        }
    }

    /** Suspends the sinks that failed too long, ends the expired, and ends resumes that caught up. */
    private void watchSubscriptions(Instant now) {
        for (PartitionDeliveries deliveries : partitions.values()) {
            for (SubscriptionQueue queue : deliveries.queues()) {
                if (queue.state() == DeliveryState.RETRYING && queue.failingFor(settings.getSuspendAfter(), now)) {
                    suspend(queue, now);
                } else if (queue.state() == DeliveryState.RESUMING
                        && consumer.position(new TopicPartition(topic, deliveries.partition()))
                        >= queue.status().resumedUntil() && !queue.holdsBefore(queue.status().resumedUntil())) {
                    queue.caughtUp(now);
                    writeNow(queue);
                }
            }
        }
        if (now.isBefore(lastExpiryCheck.plusSeconds(1))) {
            return;
        }
        lastExpiryCheck = now;
        for (Subscription subscription : directory.all()) {
            if (!subscription.deleted() && subscription.expiresAt() != null && !now.isBefore(subscription.expiresAt())) {
                PartitionDeliveries deliveries = partitions.get(partitionOf(subscription.id()));
                if (deliveries != null) {
                    SubscriptionQueue queue = queueOf(deliveries, subscription.id());
                    if (queue.state() != DeliveryState.ENDED && queue.state() != DeliveryState.SUSPENDED) {
                        orderEnd(queue, "SUBSCRIPTION_EXPIRED", "The subscription expired at "
                                + subscription.expiresAt() + ".");
                    }
                }
            }
        }
    }

    private void suspend(SubscriptionQueue queue, Instant now) {
        String description = "The sink failed every delivery since " + queue.status().failingSince() + " (last: "
                + queue.status().lastError() + "); suspended after " + settings.getSuspendAfter() + ".";
        if (queue.endsNext()) {
            queue.endWithoutNotice(queue.status().endReason(), queue.status().endDescription(), now);
        } else {
            queue.suspend("NETWORK_TERMINATED", description, now);
            LOG.warn("Subscription {} suspended: {}", queue.subscriptionId(), description);
            // The sink is told, if it takes it; either way what it missed is kept for a resume.
            directory.known(queue.subscriptionId()).ifPresent(subscription -> sinks.send(subscription,
                    CloudEvents.endId(subscription.id()), events.subscriptionEnds(subscription.id(),
                            "NETWORK_TERMINATED", description, now)));
        }
        meters.suspended();
        writeNow(queue);
    }

    /**
     * Sends what may go, within the limits; the queues take turns at going first, so that under
     * the limit of all together no subscription waits on the others for ever.
     */
    private void send(Instant now) {
        List<PartitionDeliveries> owned = List.copyOf(partitions.values());
        List<SubscriptionQueue> queues = new ArrayList<>();
        List<PartitionDeliveries> ofQueue = new ArrayList<>();
        for (PartitionDeliveries deliveries : owned) {
            for (SubscriptionQueue queue : deliveries.queues()) {
                queues.add(queue);
                ofQueue.add(deliveries);
            }
        }
        if (queues.isEmpty()) {
            return;
        }
        firstTurn = (firstTurn + 1) % queues.size();
        for (int i = 0; i < queues.size(); i++) {
            int free = settings.getMaxInFlightTotal() - underWay;
            if (free <= 0) {
                return;
            }
            int turn = (firstTurn + i) % queues.size();
            send(ofQueue.get(turn), queues.get(turn), now, free);
        }
    }

    private void send(PartitionDeliveries deliveries, SubscriptionQueue queue, Instant now, int free) {
        List<Delivery> ready = queue.sendable(now, Math.min(settings.getMaxInFlight(), queue.underWay() + free));
        if (ready.isEmpty()) {
            return;
        }
        Optional<Subscription> subscription = directory.known(queue.subscriptionId());
        for (Delivery delivery : ready) {
            underWay++;
            long started = System.nanoTime();
            subscription.map(s -> sinks.send(s, delivery.eventId(), delivery.body()))
                    .orElseGet(() -> CompletableFuture.completedFuture(
                            SinkClient.Outcome.failed("the subscription is not known here")))
                    .thenAccept(outcome -> answers.add(new Answer(deliveries, queue, delivery, outcome,
                            System.nanoTime() - started)));
        }
    }

    private void takeAnswers(Instant now) {
        for (Answer answer = answers.poll(); answer != null; answer = answers.poll()) {
            underWay--;
            meters.attempt(answer.outcome().delivered(), answer.nanos());
            if (partitions.get(answer.partition().partition()) != answer.partition()) {
                continue; // the partition went to another instance, which sends it again
            }
            SubscriptionQueue queue = answer.queue();
            if (answer.outcome().delivered()) {
                queue.delivered(answer.delivery(), now);
                if (answer.delivery().ends()) {
                    writeNow(queue);
                }
            } else {
                Duration wait = backoff.after(queue.failures() + 1);
                Duration asked = answer.outcome().retryAfter().orElse(Duration.ZERO);
                queue.failed(answer.delivery(), answer.outcome().error(), asked.compareTo(wait) > 0 ? asked : wait, now);
            }
        }
    }

    /** A partition with as many deliveries waiting as allowed is not read further until they go. */
    private void holdBackFullPartitions() {
        List<TopicPartition> full = new ArrayList<>();
        List<TopicPartition> free = new ArrayList<>();
        for (PartitionDeliveries deliveries : partitions.values()) {
            int waiting = deliveries.waiting();
            TopicPartition partition = new TopicPartition(topic, deliveries.partition());
            if (waiting >= settings.getMaxBuffered()) {
                full.add(partition);
            } else if (waiting < settings.getMaxBuffered() / 2) {
                free.add(partition);
            }
        }
        consumer.pause(full);
        consumer.resume(free.stream().filter(consumer.paused()::contains).toList());
    }

    /** Writes how the subscriptions stand, then commits below what is still on its way. */
    private void commit(Collection<PartitionDeliveries> committing) {
        Instant now = clock.instant();
        List<Future<RecordMetadata>> written = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionDeliveries deliveries : committing) {
            for (SubscriptionQueue queue : deliveries.queues()) {
                int pending = queue.status().pending();
                if (queue.takeChanged() || pending != queue.size()) {
                    written.add(log.status(queue.statusAsOf(now)));
                }
            }
            offsets.put(new TopicPartition(topic, deliveries.partition()),
                    new OffsetAndMetadata(deliveries.commitPoint()));
        }
        written.forEach(DeliveryDispatcher::await);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        lastCommit = now;
    }

    private void writeNow(SubscriptionQueue queue) {
        if (queue.takeChanged()) {
            await(log.status(queue.statusAsOf(clock.instant())));
        }
    }

    private static void await(Future<RecordMetadata> written) {
        try {
            written.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a delivery status", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take a delivery status: " + e.getMessage(), e);
        }
    }

    /** The partition of the deliveries topic a subscription's deliveries are in: its key's. */
    private int partitionOf(String subscriptionId) {
        return placement.partitionOf(subscriptionId.getBytes(StandardCharsets.UTF_8));
    }

    /** Partitions come and go as instances do; what was under way for one that goes is sent again by its next owner. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            List<PartitionDeliveries> leaving = revoked.stream().map(p -> partitions.get(p.partition()))
                    .filter(Objects::nonNull).toList();
            try {
                commit(leaving);
            } catch (RuntimeException e) {
                LOG.warn("Could not commit partitions given up: {}", e.toString());
            }
            revoked.forEach(partition -> partitions.remove(partition.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            directory.catchUpStatuses();
            for (TopicPartition partition : assigned) {
                PartitionDeliveries deliveries = new PartitionDeliveries(partition.partition(),
                        consumer.position(partition));
                partitions.put(partition.partition(), deliveries);
                resumeWhereCut(deliveries, partition);
            }
        }

        /** A resume that an instance did not finish (it stopped) is taken up from what was missed. */
        private void resumeWhereCut(PartitionDeliveries deliveries, TopicPartition partition) {
            OptionalLong from = OptionalLong.empty();
            for (DeliveryStatus status : directory.statuses()) {
                if (status.state() == DeliveryState.RESUMING && partitionOf(status.subscriptionId())
                        == partition.partition()) {
                    queueOf(deliveries, status.subscriptionId());
                    if (from.isEmpty() || status.missedFrom() < from.getAsLong()) {
                        from = OptionalLong.of(status.missedFrom());
                    }
                }
            }
            if (from.isPresent() && from.getAsLong() < consumer.position(partition)) {
                consumer.seek(partition, from.getAsLong());
            }
        }
    }

    @PreDestroy
    void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
