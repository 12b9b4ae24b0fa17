package dev.numberregistry.streams;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the deadline sweep of one task from overtaking events already on their way. A deadline
 * that is already past when an event brings it (a history posted in one go: an assignment of
 * 2023 with a validity of a month, then three years of top-ups) must not be decided before the
 * events that follow it in the log are applied: they may move it. So, once such a deadline has
 * come, the sweep decides nothing until the task has read and committed every record that was in
 * the log when it next looked: the log's stable end then, sampled after the deadline came, is
 * what the committed offset must reach. Records that come after that look are late ones, which
 * the lifecycle's rules for late events resolve. Deadlines that fall due as time passes, the
 * usual case, never wait: the gate stays open until the next past deadline arrives.
 */
final class DeadlineGate {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineGate.class);
    private static final long NOT_SAMPLED = -1;

    private final LogPositions log;
    private final TopicPartition partition;
    private final String applicationId;
    private boolean open;
    private long mustReach = NOT_SAMPLED;

    /** Closed at first: records may have come while the task was elsewhere. */
    DeadlineGate(LogPositions log, TopicPartition partition, String applicationId) {
        this.log = log;
        this.partition = partition;
        this.applicationId = applicationId;
    }

    /** A record brought a deadline that is already past: what follows it in the log comes first. */
    void pastDeadlineArrived() {
        open = false;
        mustReach = NOT_SAMPLED;
    }

    /** Whether the sweep may decide now; asks the brokers only while the gate is closed. */
    boolean mayDecide() {
        if (open) {
            return true;
        }
        try {
            if (mustReach == NOT_SAMPLED) {
                mustReach = log.stableEnd(partition);
            }
            open = log.committed(applicationId, partition) >= mustReach;
        } catch (IllegalStateException e) {
            // The brokers will say at a later sweep; until then nothing is decided.
            LOG.debug("Deadlines of {} wait: {}", partition, e.getMessage());
        }
        return open;
    }
}
