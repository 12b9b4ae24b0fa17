package dev.numberregistry.core.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A telephone number that libphonenumber accepts as valid, held in E.164 form
 * ({@code +14155552671}). Two spellings of the same number are equal once parsed.
 */
public final class PhoneNumber implements Comparable<PhoneNumber> {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Numbers must carry their country code: the registry serves carriers of many countries. */
    private static final String NO_DEFAULT_REGION = "ZZ";

    private final String e164;

    private PhoneNumber(String e164) {
        this.e164 = e164;
    }

    /**
     * Parses a number written in international form; spaces, dots, dashes and brackets are allowed.
     *
     * @throws InvalidPhoneNumberException with the reason when the text is not a valid number
     */
    public static PhoneNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidPhoneNumberException(text, "a phone number is required");
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("+")) {
            throw new InvalidPhoneNumberException(text,
                    "the number must be in international form, starting with + and the country code");
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = UTIL.parse(trimmed, NO_DEFAULT_REGION);
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException(text, describe(e.getErrorType()));
        }
        if (!UTIL.isValidNumber(parsed)) {
            throw new InvalidPhoneNumberException(text, describe(UTIL.isPossibleNumberWithReason(parsed)));
        }
        return new PhoneNumber(UTIL.format(parsed, PhoneNumberFormat.E164));
    }

    /**
     * A number the registry validated with {@link #parse} before it stored it, read back from its
     * own stores or topics. It is not validated again: parsing costs more than everything else
     * done with a stored state, and a number stored as valid must stay readable even when a newer
     * libphonenumber no longer agrees. Only the E.164 shape is checked. Input from outside the
     * registry always goes through {@link #parse}.
     *
     * @throws IllegalArgumentException when the text is not in E.164 form
     */
    public static PhoneNumber ofStored(String e164) {
        if (!isE164Shaped(e164)) {
            throw new IllegalArgumentException("not a stored number in E.164 form: " + e164);
        }
        return new PhoneNumber(e164);
    }

    /** Whether the text has the shape of an E.164 number (+, a country code, digits), valid or not. */
    public static boolean isE164Shaped(String text) {
        if (text == null || text.length() < 3 || text.length() > 16 || text.charAt(0) != '+'
                || text.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The E.164 form, which is also the Kafka key of every record about this number. */
    public String e164() {
        return e164;
    }

    /** True when the E.164 form starts with the prefix (itself written as {@code +} and digits). */
    public boolean startsWith(String e164Prefix) {
        return e164.startsWith(e164Prefix);
    }

    private static String describe(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "the country code is not one that exists";
            case NOT_A_NUMBER -> "it is not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "the number is too short";
            case TOO_LONG -> "the number is too long";
        };
    }

    private static String describe(PhoneNumberUtil.ValidationResult possibility) {
        return switch (possibility) {
            case TOO_SHORT -> "the number is too short for its country";
            case TOO_LONG -> "the number is too long for its country";
            case INVALID_COUNTRY_CODE -> "the country code is not one that exists";
            case INVALID_LENGTH -> "the number has a length its country does not use";
            case IS_POSSIBLE, IS_POSSIBLE_LOCAL_ONLY ->
                    "the number is not in a range that its country has allocated";
        };
    }

    @Override
    public int compareTo(PhoneNumber other) {
        return e164.compareTo(other.e164);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhoneNumber that && e164.equals(that.e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    @Override
    public String toString() {
        return e164;
    }
}
