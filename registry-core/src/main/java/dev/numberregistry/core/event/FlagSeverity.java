package dev.numberregistry.core.event;

/** How much weight a flag carries. */
public enum FlagSeverity {
    LOW, MEDIUM, HIGH, CRITICAL
}
