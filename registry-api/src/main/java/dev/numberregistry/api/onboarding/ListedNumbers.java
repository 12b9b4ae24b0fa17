package dev.numberregistry.api.onboarding;

import com.carrotsearch.hppc.LongIntHashMap;
import dev.numberregistry.core.number.PhoneNumber;
import java.util.OptionalLong;

/**
 * The numbers an import run has listed, each with its first line, so that a number listed twice is
 * refused on its later line rather than dropped. A number's E.164 digits fit a long, so a number
 * costs a long and an int in an open-addressing map, not a String and a boxed entry: measured
 * (see BENCHMARKS.md) at 199 MiB for 10,000,000 numbers and 1.5 GiB for 100,000,000.
 */
public final class ListedNumbers {

    private final LongIntHashMap firstLines = new LongIntHashMap();

    /** The line the number was first listed on, or empty if this is its first line (now recorded). */
    public OptionalLong firstLineOf(PhoneNumber number, long line) {
        long key = Long.parseLong(number.e164().substring(1));
        int first = firstLines.getOrDefault(key, 0);
        if (first != 0) {
            return OptionalLong.of(first);
        }
        firstLines.put(key, (int) Math.min(line, Integer.MAX_VALUE));
        return OptionalLong.empty();
    }

    public int size() {
        return firstLines.size();
    }
}
