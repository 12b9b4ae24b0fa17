package dev.numberregistry.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.FreePorts;
import dev.numberregistry.api.docs.ReadmeExamples.Example;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every shell example of the README, run as written, in order, in one shell, as a reader pastes
 * them into a terminal beside the registry that the README's set-up command starts: the built jar,
 * in a fresh directory. What the README says an example prints ({@link ReadmeExamples}) must be
 * what it prints. Two things differ from a reader's terminal, both so that the test takes no fixed
 * port: the registry's HTTP port and its embedded broker's are free ones
 * ({@code MICRONAUT_SERVER_PORT}, {@code REGISTRY_KAFKA_EMBEDDED_PORT} in the environment), and
 * {@code localhost:8080} and {@code localhost:9092} in the examples are rewritten to them (and the
 * port 9000 of the example sink, {@code PrintSink}, to a free one).
 *
 * <p>An example that starts the registry ({@code java -jar ...number-registry.jar}) replaces the
 * running one, stopped as with Ctrl-C; one that watches until stopped runs beside the shell until
 * it has printed what the README says. The set-up block (the README's two commands, one of which
 * is the build that runs this test) is the only one not run here.
 */
class ReadmeExamplesIT {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeExamplesIT.class);
    private static final Path README = Path.of("..", "README.md");
    private static final Path JAR = Path.of("target", "number-registry.jar");
    private static final String STARTS_THE_REGISTRY = "java -jar registry-api/target/number-registry.jar";
    private static final String RUNS_UNTIL_STOPPED = "dev.numberregistry.api.tools.WatchRecycleNotifications";
    /** A sink the examples after it deliver to: it runs beside them, and what it printed is checked at the end. */
    private static final String RUNS_BESIDE = "dev.numberregistry.api.tools.PrintSink";
    private static final String SET_UP = "bash .ci/run";
    private static final String READY = "Number registry is ready";
    private static final String DONE = "<<<example done>>>";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private final int httpPort = FreePorts.freePort();
    private final int kafkaPort = FreePorts.freePort();
    private final int sinkPort = FreePorts.freePort();
    private final List<String> failures = new ArrayList<>();

    @Test
    void everyExampleAnswersAsTheReadmeSays() throws IOException, InterruptedException {
        List<Example> examples = ReadmeExamples.in(README);
        assertThat(examples.stream().filter(example -> example.mentions(SET_UP)).toList()).hasSize(1);
        assertThat(examples).as("examples that say what they print").filteredOn(e -> !e.expected().isEmpty())
                .hasSizeGreaterThan(10);

        Path jar = work.resolve("registry-api").resolve("target").resolve("number-registry.jar");
        Files.createDirectories(jar.getParent());
        Files.createSymbolicLink(jar, JAR.toAbsolutePath());

        Background registry = Background.start(work, environment(), STARTS_THE_REGISTRY, "registry-0");
        Map<Example, Background> beside = new java.util.LinkedHashMap<>();
        registry.awaitOutput(READY, PATIENCE);
        try (Shell shell = Shell.start(work, environment())) {
            for (Example example : examples) {
                if (example.mentions(SET_UP)) {
                    continue;
                }
                LOG.info("README line {}", example.line());
                String script = rewritten(example.script());
                if (example.mentions(STARTS_THE_REGISTRY)) {
                    registry.stop();
                    registry = Background.start(work, environment(), script, "registry-" + example.line());
                    registry.awaitOutput(READY, PATIENCE);
                } else if (example.mentions(RUNS_BESIDE)) {
                    Background sink = Background.start(work, environment(), script, "beside-" + example.line());
                    sink.awaitOutput("Listening on", PATIENCE);
                    beside.put(example, sink);
                } else if (example.mentions(RUNS_UNTIL_STOPPED)) {
                    Background watcher = Background.start(work, environment(), script, "watcher-" + example.line());
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                                .until(() -> ExpectedOutput.missingFrom(watcher.output(), example.expected()).isEmpty());
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        check(example, watcher.output());
                    } finally {
                        watcher.stop();
                    }
                } else {
                    check(example, shell.run(script, PATIENCE));
                }
            }
            for (Map.Entry<Example, Background> sink : beside.entrySet()) {
                try {
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                            ExpectedOutput.missingFrom(sink.getValue().output(), sink.getKey().expected()).isEmpty());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    check(sink.getKey(), sink.getValue().output());
                }
            }
        } finally {
            for (Background sink : beside.values()) {
                sink.stop();
            }
            registry.stop();
        }
        assertThat(failures).as("README examples that did not print what the README says").isEmpty();
    }

    private Map<String, String> environment() {
        return Map.of("MICRONAUT_SERVER_PORT", Integer.toString(httpPort),
                "REGISTRY_KAFKA_EMBEDDED_PORT", Integer.toString(kafkaPort));
    }

    private String rewritten(String script) {
        return script.replace("localhost:8080", "localhost:" + httpPort).replace("localhost:9092", "localhost:" + kafkaPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + sinkPort).replace(RUNS_BESIDE + " 9000", RUNS_BESIDE + " " + sinkPort);
    }

    private void check(Example example, String output) {
        List<ExpectedOutput> missing = ExpectedOutput.missingFrom(output, example.expected());
        if (!missing.isEmpty()) {
            failures.add("README line " + example.line() + ": expected, in this order, " + missing
                    + "\nbut the example printed:\n" + output);
        }
    }

    /** One bash, as a reader's terminal: what one example defines (a function, a token) the next can use. */
    private static final class Shell implements AutoCloseable {
        private final Process process;
        private final Writer input;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Shell(Process process) {
            this.process = process;
            this.input = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = output.readLine(); line != null; line = output.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(the shell's output broke off: " + e + ")");
                }
            }, "readme-shell-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Shell start(Path directory, Map<String, String> environment) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("bash").directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return new Shell(builder.start());
        }

        /** Everything the script printed, once it is done. */
        String run(String script, Duration patience) throws IOException, InterruptedException {
            input.write(script + "\nprintf '\\n%s\\n' '" + DONE + "'\n");
            input.flush();
            StringBuilder output = new StringBuilder();
            long giveUpAt = System.nanoTime() + patience.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, giveUpAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException("an example did not end within " + patience + ":\n" + script
                            + "\nit printed:\n" + output);
                }
                if (line.equals(DONE)) {
                    return output.toString();
                }
                output.append(line).append('\n');
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            input.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A command that runs until stopped (the registry, a watcher), its output in a file of its own. */
    private record Background(Process process, Path log) {

        static Background start(Path directory, Map<String, String> environment, String script, String name)
                throws IOException {
            Path log = directory.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new Background(builder.start(), log);
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitOutput(String text, Duration patience) {
            Awaitility.await(log + " says " + text).atMost(patience).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("ended before it said '" + text + "':\n" + output());
                        }
                        return output().contains(text);
                    });
        }

        /** As Ctrl-C in a terminal: every process of the command is asked to stop, and waited for. */
        void stop() throws InterruptedException {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : all) {
                try {
                    handle.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    handle.destroyForcibly();
                }
            }
        }
    }
}
