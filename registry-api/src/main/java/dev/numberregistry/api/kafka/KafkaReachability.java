package dev.numberregistry.api.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers: asked in the background every few seconds, so that a health
 * probe or a scrape reads the latest answer at once instead of waiting on an unreachable broker.
 * A change is logged. The stream threads retry on their own while the cluster is away; nothing
 * else tells that they do.
 */
@Singleton
public class KafkaReachability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final Admin admin;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-reachability");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Contact last;

    /** The latest answer of the cluster, or why there was none. */
    public record Contact(Instant at, boolean reachable, String clusterId, int brokers, String error) {
    }

    /**
     * On the machine's clock, not the registry's (a bean that a test may replace and move): a
     * contact's time is when the question was asked, from the first moment of the application on.
     */
    @Inject
    KafkaReachability(KafkaClientProperties properties) {
        this(properties.common(), Clock.systemUTC(), DEFAULT_INTERVAL);
    }

    KafkaReachability(Map<String, Object> clientProperties, Clock clock, Duration interval) {
        this.admin = Admin.create(clientProperties);
        this.clock = clock;
        this.interval = interval;
        scheduler.scheduleWithFixedDelay(this::ask, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Empty until the cluster has answered or failed to, once. */
    public Optional<Contact> last() {
        return Optional.ofNullable(last);
    }

    private void ask() {
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) interval.toMillis()));
            String clusterId = cluster.clusterId().get(interval.toMillis() * 2, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(interval.toMillis() * 2, TimeUnit.MILLISECONDS).size();
            record(new Contact(clock.instant(), true, clusterId, brokers, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            record(new Contact(clock.instant(), false, null, 0, e.getCause().toString()));
        } catch (TimeoutException | RuntimeException e) {
            // Whatever it is, the next question must still be asked: a periodic task that throws is never run again.
            record(new Contact(clock.instant(), false, null, 0, e.toString()));
        }
    }

    private void record(Contact contact) {
        Contact before = last;
        last = contact;
        if (!contact.reachable() && (before == null || before.reachable())) {
            LOG.warn("The Kafka cluster cannot be reached: {}", contact.error());
        } else if (contact.reachable() && before != null && !before.reachable()) {
            LOG.info("The Kafka cluster can be reached again ({} brokers)", contact.brokers());
        }
    }

    @Override
    @PreDestroy
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
