package dev.numberregistry.core.event;

/** Why a flag was cleared. */
public enum FlagClearance {
    APPEAL_UPHELD, PAID, MISJUDGED, EXPIRED
}
