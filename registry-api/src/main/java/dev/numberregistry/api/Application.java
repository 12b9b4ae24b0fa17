package dev.numberregistry.api;

import io.micronaut.runtime.Micronaut;

/** Starts the registry: the Kafka Streams topology and the REST API over its stores. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
