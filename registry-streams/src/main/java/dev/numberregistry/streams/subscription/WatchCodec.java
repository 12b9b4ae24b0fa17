package dev.numberregistry.streams.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.core.subscription.Watch;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A watch as the watchlist topic and store hold it: {@code 2030-05-10;RECYCLED,REASSIGNED} (and
 * {@code SIM_CHANGED} for SIM changes). Text, small and readable with any Kafka tool; a million of
 * them is a few tens of megabytes.
 */
public final class WatchCodec {

    static final String SIM_CHANGED = "SIM_CHANGED";

    private WatchCodec() {
    }

    public static String encode(Watch watch) {
        Stream<String> kinds = watch.kinds().stream().map(Enum::name);
        if (watch.simChanges()) {
            kinds = Stream.concat(kinds, Stream.of(SIM_CHANGED));
        }
        return watch.lastVerified() + ";" + kinds.sorted().collect(Collectors.joining(","));
    }

    /** @throws IllegalArgumentException when the text is not a watch, saying why */
    public static Watch decode(String text) {
        int separator = text == null ? -1 : text.indexOf(';');
        if (separator < 0) {
            throw new IllegalArgumentException("a watch is lastVerified;KIND,KIND..., not '" + text + "'");
        }
        try {
            LocalDate lastVerified = LocalDate.parse(text.substring(0, separator));
            Set<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
            boolean simChanges = false;
            for (String kind : text.substring(separator + 1).split(",")) {
                if (kind.equals(SIM_CHANGED)) {
                    simChanges = true;
                } else {
                    kinds.add(NotificationKind.valueOf(kind));
                }
            }
            return new Watch(lastVerified, kinds, simChanges);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a watch is lastVerified;KIND,KIND..., not '" + text + "': "
                    + e.getMessage(), e);
        }
    }
}
