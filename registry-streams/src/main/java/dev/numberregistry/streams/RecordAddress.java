package dev.numberregistry.streams;

import java.util.Optional;

/**
 * Where a record stands in the log, written as rejections name their origin: {@code
 * topic-partition@offset}. One place writes and reads that text, so that the import tool, which
 * tells its own records' rejections by it, reads what the topology writes.
 */
public record RecordAddress(String topic, int partition, long offset) {

    public String text() {
        return topic + "-" + partition + "@" + offset;
    }

    /** The address a rejection's origin names; empty for an origin that is no record (the sweep). */
    public static Optional<RecordAddress> parse(String text) {
        int at = text.lastIndexOf('@');
        int dash = at < 0 ? -1 : text.lastIndexOf('-', at);
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordAddress(text.substring(0, dash), Integer.parseInt(text.substring(dash + 1, at)),
                    Long.parseLong(text.substring(at + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
