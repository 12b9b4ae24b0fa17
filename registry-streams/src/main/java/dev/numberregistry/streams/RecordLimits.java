package dev.numberregistry.streams;

import java.time.Duration;

/**
 * The sizes the topology holds records to, so that no record can stop it: an incoming record
 * larger than any valid event could be is rejected unread, and a state the registry would write
 * larger than {@code maxStateBytes} is refused before anything is written (the event that would
 * have made it is rejected instead). The event limits of the domain keep valid states under
 * 128 KiB; the state bound is the last line, a good way below the 1 MB a Kafka topic accepts by
 * default. And how many rejections a number keeps, so that no sender, however many records it
 * gets refused, can fill the store or make a number's answer unbounded; and how long an applied
 * event's id is remembered, so that the idempotency ledger grows with the traffic of a window, not
 * with the whole log.
 *
 * @param maxEventBytes     the largest incoming record value that can be a valid event
 * @param maxStateBytes     the largest encoded state the registry writes to its store and topic
 * @param maxRejectionsKept the most rejections the store keeps for one number, the latest ones
 *                          (the rejected topic keeps every one)
 * @param idempotencyWindow how long, in log time (the records' timestamps), an applied event's id
 *                          is remembered at least: a record with that id within the window is
 *                          rejected DUPLICATE_EVENT (see IdempotencyLedger)
 */
public record RecordLimits(int maxEventBytes, int maxStateBytes, int maxRejectionsKept, Duration idempotencyWindow) {

    /**
     * 256 KiB: with every text field at its limit in 3-byte UTF-8 characters, an event encodes to
     * under 8 KiB, and the largest, an import of a number with 32 flags, to under 128 KiB
     * (NoPoisonPillTest measures both). 512 KiB: half of a topic's default maximum message size.
     * 100 rejections: a rejection keeps at most 16 KiB of its record and 2,000 characters of
     * reason (RejectionRecords), so a number's rejections stay under 2 MB in the store and its
     * answer under 1 MB, far more than its own story ever refuses. 30 days: far longer than any
     * producer's retries, and than the outage after which a billing system sends a batch again.
     */
    public static final RecordLimits DEFAULT = new RecordLimits(256 * 1024, 512 * 1024, 100, Duration.ofDays(30));

    public RecordLimits {
        if (maxEventBytes <= 0 || maxStateBytes <= 0 || maxRejectionsKept <= 0 || idempotencyWindow == null
                || idempotencyWindow.toMinutes() < 1) {
            throw new IllegalArgumentException("record limits must be positive, the idempotency window a minute at least");
        }
    }

    public RecordLimits withIdempotencyWindow(Duration window) {
        return new RecordLimits(maxEventBytes, maxStateBytes, maxRejectionsKept, window);
    }

    public RecordLimits withMaxRejectionsKept(int kept) {
        return new RecordLimits(maxEventBytes, maxStateBytes, kept, idempotencyWindow);
    }
}
