package dev.numberregistry.core.event;

/** What a flag warns about. */
public enum FlagKind {
    FRAUD, SPAM, CREDIT, ARREARS, OTHER
}
