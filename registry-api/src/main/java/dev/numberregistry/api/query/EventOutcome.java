package dev.numberregistry.api.query;

/**
 * What the registry made of one record of the event log: applied, or rejected with a code and
 * a reason.
 */
public record EventOutcome(boolean applied, String code, String reason) {

    static EventOutcome wasApplied() {
        return new EventOutcome(true, null, null);
    }

    static EventOutcome wasRejected(String code, String reason) {
        return new EventOutcome(false, code, reason);
    }
}
