package dev.numberregistry.api.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import dev.numberregistry.streams.RecordLimits;
import java.time.Duration;
import java.util.Optional;

/** How this instance runs the topology. */
@ConfigurationProperties("registry.streams")
public class StreamsSettings {

    @NotBlank
    private String applicationId = "number-registry";
    private Path stateDir = Path.of("data", "streams");
    /**
     * One stream thread per core by default. Each event costs a stream thread about 110 us of CPU
     * (libphonenumber, Avro, about seven records produced for the changelogs and the outputs), so a
     * single thread, not the broker, limits throughput: the throughput benchmark (BENCHMARKS.md)
     * measured 8,143 events/s with 1 thread and 13,097 and 13,473 with 2, on 2 cores with 6
     * partitions. Threads beyond the event log's partition count only wait.
     */
    @Min(1)
    private int threads = Runtime.getRuntime().availableProcessors();
    /**
     * Kept at Kafka Streams' own exactly-once default of 100 ms: results (state, notifications)
     * reach read_committed consumers at most this late. A longer interval commits fewer
     * transactions; the benchmark measured only +4% to +11% events/s at 1,000 ms, not worth ten
     * times the delay.
     */
    private Duration commitInterval = Duration.ofMillis(100);
    private Duration closeTimeout = Duration.ofSeconds(10);
    /**
     * How long the details of {@code /health} show a failed stream thread's error. Kafka Streams
     * replaces a failed thread at once, so without this a thread that fails on every start would
     * leave no trace between failures; the metric registry_stream_thread_failures_total counts
     * them all.
     */
    private Duration threadFailureMemory = Duration.ofMinutes(5);
    /**
     * How long, in log time, an applied event's id is remembered at least: a record that repeats it
     * within the window is rejected DUPLICATE_EVENT (see IdempotencyLedger in registry-streams).
     */
    private Duration idempotencyWindow = RecordLimits.DEFAULT.idempotencyWindow();
    /**
     * The native memory of all the state stores together (RocksDB's block cache, index and filter
     * blocks, and memtables; see BoundedRocksDbMemory in registry-streams), outside the heap: what
     * to add to the heap when sizing the process.
     */
    @Min(16L << 20)
    private long rocksdbMemory = 256L << 20;
    private String applicationServer;
    private String staticMemberId;

    /** Shared by every instance of one registry: they split the partitions between them. */
    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    /** Under exactly-once, how long results wait before they become visible downstream. */
    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Duration getIdempotencyWindow() {
        return idempotencyWindow;
    }

    public void setIdempotencyWindow(Duration idempotencyWindow) {
        this.idempotencyWindow = idempotencyWindow;
    }

    public long getRocksdbMemory() {
        return rocksdbMemory;
    }

    public void setRocksdbMemory(@ReadableBytes long rocksdbMemory) {
        this.rocksdbMemory = rocksdbMemory;
    }

    public Duration getThreadFailureMemory() {
        return threadFailureMemory;
    }

    public void setThreadFailureMemory(Duration threadFailureMemory) {
        this.threadFailureMemory = threadFailureMemory;
    }

    /**
     * The {@code host:port} this instance advertises to the other instances of the registry, which
     * forward the queries for the numbers it owns there. Empty: {@code localhost} and the port
     * the HTTP server listens on.
     */
    public Optional<String> getApplicationServer() {
        return Optional.ofNullable(applicationServer).filter(server -> !server.isBlank());
    }

    public void setApplicationServer(String applicationServer) {
        this.applicationServer = applicationServer;
    }

    /**
     * A name for this instance that stays the same across its restarts and that no other instance
     * has, making it a static member of the consumer group (Kafka's {@code group.instance.id}): an
     * instance that crashes and comes back takes its partitions back at once, instead of waiting
     * for the group to notice it gone (the session timeout, 45 s). Empty: a dynamic member.
     */
    public Optional<String> getStaticMemberId() {
        return Optional.ofNullable(staticMemberId).filter(id -> !id.isBlank());
    }

    public void setStaticMemberId(String staticMemberId) {
        this.staticMemberId = staticMemberId;
    }
}
