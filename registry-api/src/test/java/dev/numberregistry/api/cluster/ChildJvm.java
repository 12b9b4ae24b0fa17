package dev.numberregistry.api.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on this test's class path, so that a test can kill it without warning
 * ({@code kill -9}) as a machine failure would, or stop it as an operator does. Its output goes to
 * a log file, named in every failure.
 */
final class ChildJvm {

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    private ChildJvm(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** A JVM that runs {@code mainClass} with these system properties, heap and arguments. */
    static ChildJvm of(String name, Path logDirectory, String heap, List<String> systemProperties, String mainClass,
                       String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return new ChildJvm(name, command, logDirectory.resolve(name + ".log"));
    }

    void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** As a crash: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** As an operator: SIGTERM, and the shutdown hooks close what they hold. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    /** For a JVM that does one thing and ends: waits for it, and fails unless it ended well. */
    void awaitSuccess() throws ExecutionException {
        awaitExit();
        if (process.exitValue() != 0) {
            throw new ExecutionException(describe() + " exited with " + process.exitValue(), null);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " exits", e);
        }
    }

    String describe() {
        return name + " (log " + log + ")";
    }

}
