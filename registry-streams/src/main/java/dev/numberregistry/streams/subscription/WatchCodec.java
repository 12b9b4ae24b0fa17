package dev.numberregistry.streams.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.core.subscription.Watch;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A watch as the watchlist topic and store hold it: {@code 2030-05-10;RECYCLED,REASSIGNED}. Text,
 * small and readable with any Kafka tool; a million of them is a few tens of megabytes.
 */
public final class WatchCodec {

    private WatchCodec() {
    }

    public static String encode(Watch watch) {
        return watch.lastVerified() + ";" + watch.kinds().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","));
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
            Arrays.stream(text.substring(separator + 1).split(",")).map(NotificationKind::valueOf).forEach(kinds::add);
            return new Watch(lastVerified, kinds);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a watch is lastVerified;KIND,KIND..., not '" + text + "': "
                    + e.getMessage(), e);
        }
    }
}
