package dev.numberregistry.api.onboarding;

/** An import that cannot go on, with a message for the person who ran it (what happened, what to do). */
public final class ImportFailedException extends Exception {

    public ImportFailedException(String message) {
        super(message);
    }

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
