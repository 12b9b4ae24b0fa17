package dev.numberregistry.api.camara;

/** A client's limits on checks, per second and per UTC day; zero is no limit. */
record QuotaLimits(long checksPerSecond, long checksPerDay) {
}
