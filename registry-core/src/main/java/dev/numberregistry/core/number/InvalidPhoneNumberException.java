package dev.numberregistry.core.number;

import dev.numberregistry.core.Quote;

/** The text given is not a valid telephone number; {@link #reason()} says why, for a person. */
public final class InvalidPhoneNumberException extends IllegalArgumentException {

    private final String input;
    private final String reason;

    public InvalidPhoneNumberException(String input, String reason) {
        super(Quote.of(input) + " is not a valid phone number: " + reason);
        this.input = input;
        this.reason = reason;
    }

    public String input() {
        return input;
    }

    public String reason() {
        return reason;
    }
}
