package dev.numberregistry.core.state;

import java.time.Instant;

/** Why and since when service is suspended, and the status a resumption returns to. */
public record Suspension(SuspensionReason reason, Instant since, NumberStatus resumeTo) {

    /** The status a number is in under its suspension, if it has one: what it resumes to. */
    public static NumberStatus underlying(NumberStatus status, Suspension suspension) {
        return suspension != null ? suspension.resumeTo() : status;
    }

    /** The same suspension, returning the number to another status when it ends. */
    public Suspension resumingTo(NumberStatus status) {
        return new Suspension(reason, since, status);
    }
}
