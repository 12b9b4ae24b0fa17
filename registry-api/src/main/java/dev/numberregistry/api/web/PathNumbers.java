package dev.numberregistry.api.web;

import dev.numberregistry.core.number.PhoneNumber;

/**
 * Reads a number written in a URL path. A literal {@code +} in a path reaches the server as a
 * space (form decoding), so the leading {@code +} of the E.164 form is optional there:
 * {@code /numbers/14155552671}, {@code /numbers/%2B14155552671} and {@code /numbers/+14155552671}
 * all name the same number.
 */
public final class PathNumbers {

    private PathNumbers() {
    }

    public static PhoneNumber parse(String pathSegment) {
        String number = pathSegment == null ? "" : pathSegment.strip();
        return PhoneNumber.parse(number.startsWith("+") ? number : "+" + number);
    }
}
