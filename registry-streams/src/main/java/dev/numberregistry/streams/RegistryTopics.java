package dev.numberregistry.streams;

import java.util.Objects;

/**
 * The topics the registry reads and writes.
 *
 * @param events   the event log, keyed by E.164 number: the source of truth
 * @param states   every number's latest state, compacted
 * @param rejected  every record that could not be applied, with the reason
 * @param reminders reminders to top up, for the carrier's SMS system
 * @param notifications changes of hands, for banks and fraud systems
 */
public record RegistryTopics(String events, String states, String rejected, String reminders, String notifications) {

    public static final RegistryTopics DEFAULT = new RegistryTopics("number-events", "number-state",
            "number-events-rejected", "number-reminders", "number-recycle-notifications");

    public RegistryTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(reminders, "reminders");
        Objects.requireNonNull(notifications, "notifications");
    }
}
