package dev.numberregistry.streams;

import dev.numberregistry.core.lifecycle.RejectionCode;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Why a record was rejected before the lifecycle could judge it. Together with the lifecycle's
 * own RejectionCode these are the reason codes of the rejected-events topic.
 */
public enum IntakeRejection {
    /** The value is not a record of any released schema version. */
    UNDECODABLE,
    /** The record has no value (a tombstone has no meaning on the event log). */
    MISSING_VALUE,
    /** The key is not the E.164 form of the event's number, so ordering per number would break. */
    KEY_MISMATCH,
    /** An event with this id was applied already; applying it again would count it twice. */
    DUPLICATE_EVENT,
    /** The registry failed on this record; the reason carries the error, for a bug report. */
    PROCESSING_ERROR,
    /** The record is larger than any valid event can be (see RecordLimits); it was not read. */
    TOO_LARGE,
    /** Applying the event would make a state larger than the registry writes (see RecordLimits). */
    STATE_TOO_LARGE,
    /**
     * The record was moved to its key's partition once already and still arrived elsewhere: the
     * event log's partition count is not the one the registry started with.
     */
    MISPLACED;

    /** Every code a rejection of the registry may carry: the lifecycle's and these. */
    public static final Set<String> ALL_CODES = Stream.concat(Arrays.stream(RejectionCode.values()),
            Arrays.stream(values())).map(Enum::name).collect(Collectors.toUnmodifiableSet());
}
