package dev.numberregistry.core.state;

/** What a flag warns about. */
public enum FlagKind {
    FRAUD, SPAM, CREDIT, ARREARS, OTHER
}
