package dev.numberregistry.streams.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the audit trail lives, and for how long.
 *
 * @param topic         the trail itself, keyed by client: what the registry writes, and what an auditor reads
 * @param byNumberTopic the trail re-keyed by number, which feeds the index by number (each record
 *                      once per number it names, narrowed to that number)
 * @param retention     how long a record is kept, on both topics and in both indexes
 */
public record AuditLog(String topic, String byNumberTopic, Duration retention) {

    public static final String DEFAULT_TOPIC = "registry-audit";
    public static final String DEFAULT_BY_NUMBER_TOPIC = "registry-audit-by-number";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    /**
     * The largest record of the trail, in bytes, that the registry writes and indexes: a request's
     * body may be 8 MB (a page of a watchlist, or a batch refused for its size, names every number
     * it holds), and its answer comes with it. Kafka's default is 1 MB.
     */
    public static final int LARGEST_RECORD = 16 << 20;
    /** Less than a day would lose what a client asked today before the day is over. */
    public static final Duration SHORTEST_RETENTION = Duration.ofDays(1);

    public AuditLog {
        requireName(topic, "the audit topic");
        requireName(byNumberTopic, "the audit topic by number");
        if (topic.equals(byNumberTopic)) {
            throw new IllegalArgumentException("the audit topic and the audit topic by number must differ, both are "
                    + topic);
        }
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(SHORTEST_RETENTION) < 0) {
            throw new IllegalArgumentException("the audit trail's retention must be at least " + SHORTEST_RETENTION
                    + ", not " + retention);
        }
    }

    public static final AuditLog DEFAULT = new AuditLog(DEFAULT_TOPIC, DEFAULT_BY_NUMBER_TOPIC, DEFAULT_RETENTION);

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " needs a name");
        }
    }
}
