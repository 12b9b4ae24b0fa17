package dev.numberregistry.streams;

/**
 * The sizes the topology holds records to, so that no record can stop it: an incoming record
 * larger than any valid event could be is rejected unread, and a state the registry would write
 * larger than {@code maxStateBytes} is refused before anything is written (the event that would
 * have made it is rejected instead). The event limits of the domain keep valid states under
 * 128 KiB; the state bound is the last line, a good way below the 1 MB a Kafka topic accepts by
 * default.
 *
 * @param maxEventBytes the largest incoming record value that can be a valid event
 * @param maxStateBytes the largest encoded state the registry writes to its store and topic
 */
public record RecordLimits(int maxEventBytes, int maxStateBytes) {

    /**
     * 256 KiB: with every text field at its limit in 3-byte UTF-8 characters, an event encodes to
     * under 8 KiB, and the largest, an import of a number with 32 flags, to under 128 KiB
     * (NoPoisonPillTest measures both). 512 KiB: half of a topic's default maximum message size.
     */
    public static final RecordLimits DEFAULT = new RecordLimits(256 * 1024, 512 * 1024);

    public RecordLimits {
        if (maxEventBytes <= 0 || maxStateBytes <= 0) {
            throw new IllegalArgumentException("record limits must be positive");
        }
    }
}
