package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.numberregistry.api.FreePorts;
import io.micronaut.health.HealthStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Kafka cluster out of reach shows in readiness and in the log, asked by a real Kafka admin client. */
class KafkaReachabilityTest {


    @Test
    void aClusterThatDoesNotAnswerIsUnreachableAndLoggedOnce() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(KafkaReachability.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Map<String, Object> nobody = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + FreePorts.freePort());
        try (KafkaReachability reachability = new KafkaReachability(nobody, Clock.systemUTC(),
                Duration.ofMillis(300))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> reachability.last().filter(contact -> !contact.reachable()).isPresent());
            KafkaReachability.Contact first = reachability.last().orElseThrow();
            assertThat(first.error()).isNotBlank();
            assertThat(new KafkaReadinessIndicator(reachability).getHealthResult().getStatus())
                    .isEqualTo(HealthStatus.DOWN);

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> reachability.last().orElseThrow().at().isAfter(first.at()));
            assertThat(reachability.last().orElseThrow().reachable()).isFalse();
            assertThat(log.list).as("logged when it changed, not at every question").singleElement()
                    .satisfies(event -> {
                        assertThat(event.getLevel()).isEqualTo(Level.WARN);
                        assertThat(event.getFormattedMessage()).startsWith("The Kafka cluster cannot be reached");
                    });
        } finally {
            logger.detachAppender(log);
        }
    }
}
