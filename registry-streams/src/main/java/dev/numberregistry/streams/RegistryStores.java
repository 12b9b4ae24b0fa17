package dev.numberregistry.streams;

/**
 * Names and key layouts of the topology's state stores, shared with the code that queries them.
 */
public final class RegistryStores {

    /** Number (E.164) to its current state. */
    public static final String NUMBER_STATE = "number-state-store";
    /** {@link #numberKey} with the event's sequence to the applied event: every number's history, in order. */
    public static final String NUMBER_HISTORY = "number-history-store";
    /** {@link #numberKey} with the log offset to the rejection: what was refused for each number, in order. */
    public static final String NUMBER_REJECTIONS = "number-rejections-store";
    /**
     * Number (E.164) to how many rejections {@link #NUMBER_REJECTIONS} keeps for it, counted since
     * this store exists: what bounds them (see RecordLimits#maxRejectionsKept) without counting them
     * one by one.
     */
    public static final String NUMBER_REJECTION_COUNTS = "number-rejection-counts-store";
    /**
     * {@link #numberKey} with the epoch milliseconds it was due to the reminder: the reminders each
     * number was sent, oldest first (see SentReminders).
     */
    public static final String NUMBER_REMINDERS_SENT = "number-reminders-sent-store";
    /** Every pending deadline, ordered by time (see DeadlineIndex); the value is empty. */
    public static final String DEADLINES = "deadline-index-store";
    /**
     * Event id to {@link #ledgerEntry}, for a window of log time: the idempotency ledger (see
     * IdempotencyLedger). A window store, named apart from the unbounded key-value store of
     * earlier builds ({@code applied-event-ids-store}), whose changelog it could not read.
     */
    public static final String APPLIED_EVENT_IDS = "recent-event-ids-store";

    private static final char HISTORY_SEPARATOR = '#';
    private static final int SEQUENCE_DIGITS = 19;
    private static final char LEDGER_OFFSET_SEPARATOR = '@';

    private RegistryStores() {
    }

    /**
     * The key of a number's n-th entry in a per-number store. The zero-padded sequence makes the
     * store's byte order the order of the entries, and the separator keeps one number's prefix
     * from matching a longer number.
     */
    public static String numberKey(String e164, long sequence) {
        String digits = Long.toString(sequence);
        StringBuilder key = new StringBuilder(e164.length() + 1 + SEQUENCE_DIGITS).append(e164).append(HISTORY_SEPARATOR);
        for (int pad = digits.length(); pad < SEQUENCE_DIGITS; pad++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    /**
     * What the ledger keeps of an applied event: the history key it was applied under, and the
     * log offset of the record that applied it, so that a caller who wrote that record can tell
     * it was applied (and not a copy of it rejected as a duplicate).
     */
    public static String ledgerEntry(String historyKey, long offset) {
        return historyKey + LEDGER_OFFSET_SEPARATOR + offset;
    }

    /** The history key the event was applied under, from a {@link #ledgerEntry}. */
    public static String ledgerHistoryKey(String ledgerEntry) {
        return ledgerEntry.substring(0, ledgerEntry.lastIndexOf(LEDGER_OFFSET_SEPARATOR));
    }

    /** The log offset of the record that applied the event, from a {@link #ledgerEntry}. */
    public static long ledgerOffset(String ledgerEntry) {
        return Long.parseLong(ledgerEntry.substring(ledgerEntry.lastIndexOf(LEDGER_OFFSET_SEPARATOR) + 1));
    }

    /** The prefix that all of one number's keys share, for a prefix scan. */
    public static String numberPrefix(String e164) {
        return e164 + HISTORY_SEPARATOR;
    }
}
