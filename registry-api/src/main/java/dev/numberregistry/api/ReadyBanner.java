package dev.numberregistry.api;

import dev.numberregistry.api.health.Readiness;
import dev.numberregistry.api.kafka.KafkaCluster;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whoever started the registry where to reach it, once it answers: when readiness first
 * says UP, not when the HTTP server listens (the topology is still joining its group then, and
 * queries would get 503 NOT_READY).
 */
@Singleton
class ReadyBanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyBanner.class);
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final KafkaCluster cluster;
    private final Readiness readiness;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> watch;
    private boolean shown;

    ReadyBanner(KafkaCluster cluster, Readiness readiness, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.cluster = cluster;
        this.readiness = readiness;
        this.scheduler = scheduler;
    }

    @EventListener
    synchronized void onStartup(ServerStartupEvent event) {
        URL url = event.getSource().getURL();
        watch = scheduler.scheduleWithFixedDelay(Duration.ZERO, LOOK_EVERY, () -> showOnceReady(url));
    }

    private synchronized void showOnceReady(URL url) {
        if (!shown && readiness.check()) {
            shown = true;
            LOG.info("Number registry is ready. REST API: {}  Kafka: {}", url, cluster.bootstrapServers());
            watch.cancel(false);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (watch != null) {
            watch.cancel(false);
        }
    }
}
