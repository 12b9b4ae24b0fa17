package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry killed without warning (kill -9) leaves nothing behind in the system's temp
 * directory: RocksDB's native library lives in one file under the registry's own state directory,
 * replaced at each start, so a registry that crashes again and again does not fill the disk.
 */
class CrashLeavesNoLitterTest {

    @TempDir
    Path workingDirectory;

    @Test
    void killingTheRegistryTwiceLeavesOneNativeLibraryInItsOwnDirectory() throws Exception {
        Path temp = Files.createDirectories(workingDirectory.resolve("tmp"));
        Path stateDir = workingDirectory.resolve("data/streams");

        for (int run = 1; run <= 2; run++) {
            Instant startedAt = Instant.now();
            Process registry = start(temp, stateDir);
            try {
                awaitStoresOpened(registry, stateDir, startedAt);
            } finally {
                registry.destroyForcibly().waitFor();
            }
        }

        assertThat(filesIn(temp)).as("the system temp directory").noneMatch(name -> name.contains("rocksdb"));
        assertThat(filesIn(stateDir.resolve("rocksdb-native"))).singleElement()
                .satisfies(name -> assertThat(name).startsWith("librocksdbjni"));
    }

    private Process start(Path temp, Path stateDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + temp,
                "-Dmicronaut.server.port=-1",
                "-Dregistry.kafka.embedded-port=0",
                "-Dregistry.kafka.partitions=2",
                "-Dregistry.kafka.embedded-data-dir=" + workingDirectory.resolve("data/kafka"),
                "-Dregistry.streams.state-dir=" + stateDir,
                Application.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(workingDirectory.resolve("registry.log").toFile())
                .start();
    }

    /**
     * RocksDB wrote a store's LOG file after this run started, which it does when it opens the
     * store: by then it has loaded its library, from wherever it was going to.
     */
    private static void awaitStoresOpened(Process registry, Path stateDir, Instant since) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(registry.isAlive()).as("the registry is running").isTrue();
            try (Stream<Path> files = Files.walk(stateDir)) {
                List<Path> written = files.filter(path -> path.toFile().lastModified() >= since.toEpochMilli())
                        .toList();
                return written.stream().anyMatch(path -> path.getFileName().toString().equals("LOG"));
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        });
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
