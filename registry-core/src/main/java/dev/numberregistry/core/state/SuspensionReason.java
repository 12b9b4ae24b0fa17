package dev.numberregistry.core.state;

/** Why service on a number is suspended. */
public enum SuspensionReason {
    ARREARS, VOLUNTARY, VIOLATION, LOST_SIM, FAULT
}
