package dev.numberregistry.benchmarks.harness;

import dev.numberregistry.api.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The registry in a process of its own, as it runs in production: its own JVM (heap fixed at
 * start), on the benchmark's Kafka, with a state directory that outlives the process. Its memory
 * is the registry's alone, and it can be killed without warning ({@code kill -9}) as a machine
 * failure would. On a broker it is given ({@link #on}) it is open to any caller
 * ({@code registry.security.open}): the benchmark reads numbers back without tokens; on its embedded
 * broker ({@link #embedded}) callers take development tokens. Its output goes to a log file, named
 * in every failure.
 */
public final class RegistryProcess {

    /** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Path log;
    private final int port;
    private final String bootstrap;
    private Process process;
    private long startedAt;

    private RegistryProcess(List<String> command, Path log, int port, String bootstrap) {
        this.command = command;
        this.log = log;
        this.port = port;
        this.bootstrap = bootstrap;
    }

    /**
     * A registry with this heap ({@code -Xms} and {@code -Xmx}) on {@code bootstrap}, keeping its
     * stores in {@code stateDir}; a static member of its consumer group under {@code staticMemberId}
     * unless that is null.
     */
    public static RegistryProcess on(String bootstrap, int partitions, Path stateDir, String heap, String staticMemberId,
                                     Path log) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap,
                "-Dmicronaut.server.port=" + port,
                "-Dregistry.kafka.bootstrap-servers=" + bootstrap,
                "-Dregistry.kafka.partitions=" + partitions,
                "-Dregistry.kafka.replication-factor=1",
                "-Dregistry.streams.state-dir=" + stateDir,
                "-Dregistry.security.open=true"));
        if (staticMemberId != null) {
            command.add("-Dregistry.streams.static-member-id=" + staticMemberId);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        return new RegistryProcess(command, log, port, bootstrap);
    }

    /**
     * The registry as a bank's integration test or a trial runs it: on its embedded broker, in the
     * same process, the broker's log and the stores under {@code dataDir}. Not open: callers take
     * development tokens ({@code POST /dev/tokens}, on by default with the embedded broker), as a
     * bank takes its tokens. {@code settings} are more {@code -D} properties of the registry's;
     * {@code jvmOptions} more options of its JVM (a flight recording, say).
     */
    public static RegistryProcess embedded(Path dataDir, String heap, Map<String, String> settings,
                                           List<String> jvmOptions, Path log) {
        int port = freePort();
        int kafkaPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap,
                "-Dmicronaut.server.port=" + port,
                "-Dregistry.kafka.embedded-port=" + kafkaPort,
                "-Dregistry.kafka.embedded-data-dir=" + dataDir.resolve("kafka"),
                "-Dregistry.streams.state-dir=" + dataDir.resolve("streams")));
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        return new RegistryProcess(command, log, port, "127.0.0.1:" + kafkaPort);
    }

    /** Where the registry's HTTP API listens. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    /** The broker the registry works on: its embedded one, or the one it was given. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The CPU time the registry's process has used so far (user and system), from the kernel. */
    public Duration cpuTime() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // The command name, in parentheses, may hold spaces: the fields are counted after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    public void start() {
        try {
            startedAt = System.nanoTime();
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the registry (log " + log + ")", e);
        }
    }

    /**
     * Waits until the registry's readiness says UP (its stores restored, its queries answered), and
     * says how long that took since {@link #start}.
     */
    public Duration awaitReady(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited with " + process.exitValue() + " (log " + log + ")");
            }
            if (status("/health/readiness") == 200) {
                return Duration.ofNanos(System.nanoTime() - startedAt);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the registry was not ready within " + patience + " (log " + log + ")");
    }

    /** The body of a GET that answered 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The process's resident memory, from the kernel. */
    public long residentKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).map(line -> line.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst()
                .orElseThrow(() -> new IllegalStateException("no VmRSS for the registry's process"));
    }

    /** As a crash: SIGKILL, no shutdown hook runs, nothing is flushed or closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    /** As an operator: SIGTERM, and the registry closes what it holds. */
    public void stop() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    private int status(String path) throws InterruptedException {
        try {
            return send(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
