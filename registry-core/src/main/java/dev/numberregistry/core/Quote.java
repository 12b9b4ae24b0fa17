package dev.numberregistry.core;

/** Values a client sent, quoted in messages about them. */
public final class Quote {

    /** How much of a value a message quotes. */
    static final int MAX_QUOTED_LENGTH = 64;

    private Quote() {
    }

    /**
     * The value in quotes: whole if short, else its beginning and its length, so that a huge
     * value never makes a huge message.
     */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= MAX_QUOTED_LENGTH) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, MAX_QUOTED_LENGTH) + "...' (" + value.length() + " characters)";
    }
}
