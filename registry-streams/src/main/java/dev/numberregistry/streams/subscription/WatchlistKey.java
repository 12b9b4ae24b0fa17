package dev.numberregistry.streams.subscription;

import dev.numberregistry.streams.EventPlacement;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The key of a watched number: the number, then the subscription's id. The number comes first so
 * that all the watches of a number lie together in the store, found by one prefix scan whatever
 * the size of the lists; "/" cannot appear in a number, so no number's prefix is another's.
 */
public record WatchlistKey(String number, String subscriptionId) {

    private static final char SEPARATOR = '/';
    private static final String DELETED = "*deleted" + SEPARATOR;

    public WatchlistKey {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
    }

    public String encoded() {
        return prefixOf(number) + subscriptionId;
    }

    /** What every key of a number's watches starts with. */
    public static String prefixOf(String number) {
        return number + SEPARATOR;
    }

    /**
     * The key of the record that says a subscription was deleted, written to every partition of
     * the watchlist: its watches there are taken away. No number starts with "*".
     */
    public static String deletionOf(String subscriptionId) {
        return DELETED + subscriptionId;
    }

    /** The subscription a deletion record names, if the key is one. */
    public static Optional<String> deletedSubscription(String key) {
        return key != null && key.startsWith(DELETED) && key.length() > DELETED.length()
                ? Optional.of(key.substring(DELETED.length())) : Optional.empty();
    }

    /** @throws IllegalArgumentException when the text is not number/subscription */
    public static WatchlistKey parse(String key) {
        int separator = key == null ? -1 : key.indexOf(SEPARATOR);
        if (separator < 1 || separator == key.length() - 1) {
            throw new IllegalArgumentException("a watchlist key is number/subscription-id, not '" + key + "'");
        }
        return new WatchlistKey(key.substring(0, separator), key.substring(separator + 1));
    }

    /**
     * The partition the watch belongs in: its number's, as the registry places the number's
     * notifications, so that the task that sees a notification holds every watch of its number.
     */
    public int partition(int partitions) {
        return new EventPlacement(partitions).partitionOf(number.getBytes(StandardCharsets.UTF_8));
    }
}
