package dev.numberregistry.core.event;

/** Why a flag was cleared. */
public enum FlagClearance {
    APPEAL_UPHELD, PAID, MISJUDGED, EXPIRED,
    /** The registry cleared it because the holder's tenure ended: flags belong to the tenure, not the number. */
    TENURE_ENDED
}
