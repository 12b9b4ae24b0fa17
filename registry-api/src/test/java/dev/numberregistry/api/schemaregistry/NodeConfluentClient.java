package dev.numberregistry.api.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A carrier's producer and a bank's consumer on Node.js (kafkajs and
 * {@code @kafkajs/confluent-schema-registry}, pinned in {@code src/test/node/confluent-client}):
 * the Confluent wire format as code other than the registry's writes and reads it. Installed
 * with {@code npm ci} into {@code target/confluent-node-client} on first use.
 */
final class NodeConfluentClient {

    private static final Path SOURCE = Path.of("src", "test", "node", "confluent-client");
    private static final Path INSTALLED = Path.of("target", "confluent-node-client");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "produce-and-read.js");

    private NodeConfluentClient() {
    }

    /** The output of produce-and-read.js: the number's first two states, a JSON line each. */
    static List<String> produceAndRead(String bootstrapServers, String schemaRegistryUrl, String number)
            throws Exception {
        install();
        String output = run(INSTALLED, 120, "node", "produce-and-read.js", bootstrapServers, schemaRegistryUrl, number);
        return output.lines().filter(line -> line.startsWith("{")).toList();
    }

    private static synchronized void install() throws Exception {
        Files.createDirectories(INSTALLED);
        for (String file : FILES) {
            Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(INSTALLED.resolve("node_modules"))) {
            run(INSTALLED, 300, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        }
    }

    private static String run(Path directory, int timeoutSeconds, String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile())
                .redirectErrorStream(true).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as(String.join(" ", command) + " finished within " + timeoutSeconds + " s: " + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
