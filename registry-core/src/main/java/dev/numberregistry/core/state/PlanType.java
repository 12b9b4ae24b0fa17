package dev.numberregistry.core.state;

/** How the subscriber pays; only prepaid numbers have a validity that can lapse. */
public enum PlanType {
    PREPAID, POSTPAID
}
