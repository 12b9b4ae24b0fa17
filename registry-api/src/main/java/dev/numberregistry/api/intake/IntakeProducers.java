package dev.numberregistry.api.intake;

import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.query.RegistryNotReadyException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The intake's producers, each writing one request's records in one Kafka transaction: a batch
 * reaches the log whole or not at all, so the registry (which reads read_committed) never sees
 * half of one, and its deadline sweep cannot fall between two of its events (see DeadlineGate).
 * A transactional producer writes one transaction at a time, hence a few of them for requests
 * that come at once.
 */
@Singleton
class IntakeProducers {

    /** Requests written at the same time; more wait for a producer to be free. */
    static final int CONCURRENT_REQUESTS = 4;
    private static final long WAIT_SECONDS = 30;

    private final Map<String, Object> properties;
    private final String transactionalIdPrefix;
    private final BlockingQueue<KafkaProducer<String, byte[]>> idle = new LinkedBlockingQueue<>();
    private final List<KafkaProducer<String, byte[]>> all = new ArrayList<>();
    /** Producers alive; at most CONCURRENT_REQUESTS. */
    private int live;
    /** Never reused: a new producer under a live one's id would fence it mid-request. */
    private final AtomicInteger nextId = new AtomicInteger();

    IntakeProducers(KafkaClientProperties clientProperties, StreamsSettings settings) {
        this.properties = clientProperties.common();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        // A request's transaction lasts well under a second; one left open by an instance that
        // died holds back every read_committed reader of its partitions until it times out.
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS + 5));
        // Unique to this run of this instance: nothing else writes under these ids to be fenced.
        this.transactionalIdPrefix = settings.getApplicationId() + "-intake-" + UUID.randomUUID() + "-";
    }

    /**
     * Runs {@code work} with a producer inside a transaction, and commits it.
     *
     * @throws RegistryNotReadyException when the log could not be written; nothing of the work was
     *                                   (events are idempotent by id: the request can be sent again)
     */
    <T> T inOneTransaction(Function<KafkaProducer<String, byte[]>, T> work) {
        KafkaProducer<String, byte[]> producer = borrow();
        boolean usable = true;
        try {
            producer.beginTransaction();
            T result = work.apply(producer);
            commit(producer);
            return result;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            usable = false;
            throw notWritten(e);
        } catch (KafkaException e) {
            usable = abort(producer);
            throw notWritten(e);
        } catch (RuntimeException e) {
            // Whatever failed, the producer's next request must not find this transaction open.
            usable = abort(producer);
            throw e;
        } finally {
            giveBack(producer, usable);
        }
    }

    /** A commit that timed out may still complete: Kafka's producer takes the same call again. */
    private static void commit(KafkaProducer<String, byte[]> producer) {
        try {
            producer.commitTransaction();
        } catch (TimeoutException e) {
            producer.commitTransaction();
        }
    }

    private static boolean abort(KafkaProducer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException e) {
            // Not in a state to abort (a commit that timed out, say): the producer is put away.
            return false;
        }
    }

    private static RegistryNotReadyException notWritten(KafkaException e) {
        return new RegistryNotReadyException("the event log may not have the request: " + e.getMessage()
                + "; events are idempotent by id, so it can be sent again whole", e);
    }

    private KafkaProducer<String, byte[]> borrow() {
        KafkaProducer<String, byte[]> producer = idle.poll();
        if (producer != null) {
            return producer;
        }
        boolean mayMake;
        synchronized (this) {
            mayMake = live < CONCURRENT_REQUESTS;
            if (mayMake) {
                live++;
            }
        }
        if (mayMake) {
            return make();
        }
        try {
            producer = idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer == null) {
            throw new RegistryNotReadyException("every producer of the intake is busy; send the request again");
        }
        return producer;
    }

    /** Outside any lock: starting a transactional producer asks the brokers. */
    private KafkaProducer<String, byte[]> make() {
        Map<String, Object> own = new HashMap<>(properties);
        own.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + nextId.getAndIncrement());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(own, new StringSerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            synchronized (this) {
                live--;
            }
            throw notWritten(e);
        }
        synchronized (this) {
            all.add(producer);
        }
        return producer;
    }

    private void giveBack(KafkaProducer<String, byte[]> producer, boolean usable) {
        if (usable) {
            idle.add(producer);
            return;
        }
        producer.close(Duration.ZERO);
        synchronized (this) {
            all.remove(producer);
            live--;
        }
    }

    @PreDestroy
    synchronized void close() {
        all.forEach(KafkaProducer::close);
        all.clear();
    }
}
