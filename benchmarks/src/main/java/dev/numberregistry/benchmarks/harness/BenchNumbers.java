package dev.numberregistry.benchmarks.harness;

import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;

/**
 * Many distinct valid numbers, the same ones on every run: US numbers of real area codes, walked
 * in order (area code, exchange, line), each kept only if libphonenumber judges it valid, as the
 * registry does. For the deadline, check and import benchmarks, which need millions of numbers and
 * no randomness in which ones.
 */
public final class BenchNumbers {

    /** Real, assigned US area codes. */
    public static final int[] US_AREA_CODES = {201, 202, 206, 212, 213, 214, 305, 312, 404, 415, 503, 512, 602, 617,
        646, 702, 713, 718, 808, 917};

    private BenchNumbers() {
    }

    /** {@code count} distinct valid numbers in E.164 form. */
    public static String[] generate(int count) {
        String[] numbers = new String[count];
        int found = 0;
        // The line varies fastest, but exchanges are interleaved across area codes, so that the
        // first numbers are not all of one area code.
        for (int exchange = 200; exchange < 1000 && found < count; exchange++) {
            for (int area : US_AREA_CODES) {
                if (found >= count) {
                    break;
                }
                String prefix = "+1" + area + exchange;
                if (!valid(prefix + "5555")) {
                    continue; // an exchange that is not in service: skip its 10,000 lines at once
                }
                for (int line = 0; line < 10_000 && found < count; line++) {
                    String candidate = prefix + String.format("%04d", line);
                    if (valid(candidate)) {
                        numbers[found++] = candidate;
                    }
                }
            }
        }
        if (found < count) {
            throw new IllegalStateException("only " + found + " valid numbers, " + count + " wanted");
        }
        return numbers;
    }

    private static boolean valid(String candidate) {
        try {
            return PhoneNumber.parse(candidate).e164().equals(candidate);
        } catch (InvalidPhoneNumberException e) {
            return false;
        }
    }
}
