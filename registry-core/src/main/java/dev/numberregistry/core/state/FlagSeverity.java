package dev.numberregistry.core.state;

/** How much weight a flag carries. */
public enum FlagSeverity {
    LOW, MEDIUM, HIGH, CRITICAL
}
