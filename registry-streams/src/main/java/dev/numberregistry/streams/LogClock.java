package dev.numberregistry.streams;

/**
 * Tells whether a task is processing the log live or replaying it (a restart after a pause, or a
 * registry rebuilt from the log). Deadlines are decided only live: during a replay the registry's
 * earlier decisions are still ahead in the log, and deciding them again at another point of the
 * log could give another story.
 */
final class LogClock {

    private final DeadlineSweep sweep;
    private long lastRecordTimestamp = Long.MIN_VALUE;
    private long lastRecordWallClock;

    LogClock(DeadlineSweep sweep, long startWallClock) {
        this.sweep = sweep;
        this.lastRecordWallClock = startWallClock;
    }

    void recordProcessed(long recordTimestamp, long wallClock) {
        lastRecordTimestamp = Math.max(lastRecordTimestamp, recordTimestamp);
        lastRecordWallClock = wallClock;
    }

    /** Whether no record has come for a while: the task has read what there is to read. */
    boolean isIdle(long wallClock) {
        return wallClock - lastRecordWallClock >= sweep.idleAfter().toMillis();
    }

    /** Live: the records are recent, or none has come for a while (the task has caught up). */
    boolean isLive(long wallClock) {
        boolean recent = lastRecordTimestamp >= wallClock - sweep.replayMargin().toMillis();
        return recent || isIdle(wallClock);
    }
}
