package dev.numberregistry.api.health;

/** Published once, when readiness first says UP: the registry answers queries and reaches Kafka. */
public record RegistryReady() {
}
