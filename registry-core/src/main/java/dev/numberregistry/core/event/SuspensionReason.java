package dev.numberregistry.core.event;

/** Why service on a number is suspended. */
public enum SuspensionReason {
    ARREARS, VOLUNTARY, VIOLATION, LOST_SIM, FAULT
}
