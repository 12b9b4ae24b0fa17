package dev.numberregistry.api.config;

import dev.numberregistry.streams.audit.AuditLog;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The audit trail of the CAMARA requests (see "Audit trail" in the README): where it is written,
 * how long it is kept, and how long an answer waits for its record to be written.
 */
@ConfigurationProperties(AuditSettings.PREFIX)
public class AuditSettings {

    public static final String PREFIX = "registry.audit";
    /** Longer than the producer's own retries of a broker that moves a leader, shorter than a client's patience. */
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    @NotBlank
    private String topic = AuditLog.DEFAULT_TOPIC;
    @NotBlank
    private String byNumberTopic = AuditLog.DEFAULT_BY_NUMBER_TOPIC;
    @NotNull
    private Duration retention = AuditLog.DEFAULT_RETENTION;
    @NotNull
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

    /** The trail, keyed by client: what an auditor reads with any Kafka tool. */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** The trail re-keyed by number, which feeds the index by number. */
    public String getByNumberTopic() {
        return byNumberTopic;
    }

    public void setByNumberTopic(String byNumberTopic) {
        this.byNumberTopic = byNumberTopic;
    }

    /** How long a record is kept, on the topics and in the indexes; at least a day. */
    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /**
     * How long an answer waits for Kafka to take its record; past it, the answer is withheld (503)
     * rather than given unrecorded.
     */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /**
     * The trail's topics and retention, checked.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public AuditLog toAuditLog() {
        if (writeTimeout.isNegative() || writeTimeout.isZero() || writeTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".write-timeout must be more than 0 and at most 5 minutes, not "
                    + writeTimeout);
        }
        try {
            return new AuditLog(topic, byNumberTopic, retention);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ": " + e.getMessage(), e);
        }
    }
}
