package dev.numberregistry.streams;

import java.util.concurrent.CompletableFuture;
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
 * what the committed offset must reach. A task that has had nothing to read for a while (see
 * LogClock) has read all there is, whatever the offsets say: a task that read nothing since it
 * started commits no offset, so one that finds only aborted records at the end of its log would
 * otherwise wait for ever. Records that come after that look are late ones, which the lifecycle's
 * rules for late events resolve. Deadlines that fall due as time passes never wait: the gate stays
 * open until the next past deadline arrives.
 *
 * <p>The brokers' answers come later, so that the stream thread never waits on them: the gate
 * asks at one sweep and reads the answers at the next.
 */
final class DeadlineGate {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineGate.class);

    private final LogPositions log;
    private final TopicPartition partition;
    private final String applicationId;
    private boolean open;
    private CompletableFuture<Long> mustReach;
    private CompletableFuture<Long> committed;

    /** Closed at first: records may have come while the task was elsewhere. */
    DeadlineGate(LogPositions log, TopicPartition partition, String applicationId) {
        this.log = log;
        this.partition = partition;
        this.applicationId = applicationId;
    }

    /** A record brought a deadline that is already past: what follows it in the log comes first. */
    void pastDeadlineArrived() {
        open = false;
        mustReach = null;
        committed = null;
    }

    /**
     * Whether the sweep may decide now.
     *
     * @param idle whether the task has had nothing to read for a while
     */
    boolean mayDecide(boolean idle) {
        if (open) {
            return true;
        }
        // A task with nothing to read has read all there is: where the log ends does not matter.
        if (idle) {
            open = true;
            return true;
        }
        if (mustReach == null) {
            mustReach = log.stableEnd(partition).toCompletableFuture();
        }
        if (!mustReach.isDone()) {
            return false;
        }
        if (mustReach.isCompletedExceptionally()) {
            LOG.debug("Deadlines of {} wait: the brokers did not say where the log ends", partition);
            mustReach = null;
            return false;
        }
        if (committed == null) {
            committed = log.committed(applicationId, partition).toCompletableFuture();
        }
        if (!committed.isDone()) {
            return false;
        }
        boolean reached = !committed.isCompletedExceptionally() && committed.join() >= mustReach.join();
        committed = null;
        open = reached;
        return open;
    }
}
