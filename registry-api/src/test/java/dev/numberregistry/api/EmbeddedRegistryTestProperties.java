package dev.numberregistry.api;

import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the application as a new user does, on its embedded broker, with its data in a fresh
 * temporary directory instead of the working directory.
 */
public interface EmbeddedRegistryTestProperties extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        try {
            Path data = Files.createTempDirectory("registry-test-");
            Map<String, String> properties = new HashMap<>(Map.of(
                    "micronaut.server.port", "-1",
                    "registry.kafka.embedded-port", "0",
                    "registry.kafka.embedded-data-dir", data.resolve("kafka").toString(),
                    "registry.streams.state-dir", data.resolve("streams").toString(),
                    "registry.kafka.partitions", "2"));
            properties.putAll(moreProperties());
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a test sets besides, or instead of, the embedded defaults. */
    default Map<String, String> moreProperties() {
        return Map.of();
    }
}
