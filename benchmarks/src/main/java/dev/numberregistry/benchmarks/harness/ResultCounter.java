package dev.numberregistry.benchmarks.harness;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Waits for the registry to catch up: counts the records a positioned consumer reads (a registry's
 * results, read_committed) until the expected number arrived, and remembers when, by both clocks
 * ({@link System#nanoTime()} for durations measured on this JVM, {@link System#currentTimeMillis()}
 * for durations from an instant of business time). Runs on its own thread ({@link #start}) or on
 * the caller's ({@link #run}). Records on the rejection topic, if one is named, count as results and
 * are counted apart.
 *
 * <p>Fails when no record arrived for the stall time-out (a stuck topology must not hang the run),
 * or when the upstream failure it was given appears while nothing arrives.
 */
public final class ResultCounter implements Runnable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long expected;
    private final String rejectedTopic;
    private Duration pollTimeout = Duration.ofMillis(200);
    private Duration stallTimeout = Duration.ofSeconds(60);
    private Supplier<Throwable> upstreamFailure = () -> null;
    private long timelineOriginMillis;
    private boolean closeConsumer;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Map<Long, Long> perSecond = new TreeMap<>();
    private volatile byte[] firstRejection;
    private volatile long firstMillis;
    private volatile long doneMillis;
    private volatile long doneNanos;
    private volatile boolean stop;
    private volatile Throwable failure;

    /**
     * @param consumer      assigned and positioned; read only by this counter from now on
     * @param expected      how many records to wait for
     * @param rejectedTopic the topic whose records are rejections, or null
     */
    public ResultCounter(KafkaConsumer<byte[], byte[]> consumer, long expected, String rejectedTopic) {
        this.consumer = consumer;
        this.expected = expected;
        this.rejectedTopic = rejectedTopic;
    }

    /** How long one poll waits when nothing comes (default 200 ms). */
    public ResultCounter pollTimeout(Duration timeout) {
        this.pollTimeout = timeout;
        return this;
    }

    /** How long without a record fails the count (default 60 s). */
    public ResultCounter stallTimeout(Duration timeout) {
        this.stallTimeout = timeout;
        return this;
    }

    /** A failure elsewhere (a stream thread's) that ends the count when nothing arrives. */
    public ResultCounter failWhen(Supplier<Throwable> failure) {
        this.upstreamFailure = failure;
        return this;
    }

    /** Keeps how many records arrived in each second after {@code epochMillis}, for {@link #timeline}. */
    public ResultCounter timelineFrom(long epochMillis) {
        this.timelineOriginMillis = epochMillis;
        return this;
    }

    /** Closes the consumer when the count ends (on the counter's thread, which alone uses it). */
    public ResultCounter closeConsumerWhenDone() {
        this.closeConsumer = true;
        return this;
    }

    /** Counts on a daemon thread of that name ("bench-...": its CPU counts as the benchmark's clients'). */
    public Thread start(String threadName) {
        Thread thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try {
            long lastProgress = System.nanoTime();
            while (!stop && count.get() < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                if (records.isEmpty()) {
                    if (upstreamFailure.get() != null) {
                        throw new IllegalStateException("the topology failed", upstreamFailure.get());
                    }
                    if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                        throw new IllegalStateException("no record for " + stallTimeout + " after " + count.get()
                                + " of " + expected);
                    }
                    continue;
                }
                long nowNanos = System.nanoTime();
                long nowMillis = System.currentTimeMillis();
                lastProgress = nowNanos;
                if (firstMillis == 0) {
                    firstMillis = nowMillis;
                }
                if (rejectedTopic != null) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(rejectedTopic)) {
                        if (rejected.getAndIncrement() == 0) {
                            firstRejection = record.value();
                        }
                    }
                }
                if (timelineOriginMillis > 0) {
                    perSecond.merge(Math.floorDiv(nowMillis - timelineOriginMillis, 1000), (long) records.count(),
                            Long::sum);
                }
                if (count.addAndGet(records.count()) >= expected) {
                    doneNanos = nowNanos;
                    doneMillis = nowMillis;
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (closeConsumer) {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Ends the count at its next poll, done or not. */
    public void stop() {
        stop = true;
    }

    public long count() {
        return count.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** The value of the first rejection read, or null. */
    public byte[] firstRejection() {
        return firstRejection;
    }

    public boolean done() {
        return doneNanos != 0;
    }

    public boolean failed() {
        return failure != null;
    }

    /** When the poll that brought the first records returned (wall clock), or 0. */
    public long firstMillis() {
        return firstMillis;
    }

    /** When the poll that brought the last expected record returned (wall clock), or 0. */
    public long doneMillis() {
        return doneMillis;
    }

    /** When the poll that brought the last expected record returned ({@link System#nanoTime()}), or 0. */
    public long doneNanos() {
        return doneNanos;
    }

    /** @throws IllegalStateException when counting failed */
    public void throwIfFailed(String what) {
        if (failure != null) {
            throw new IllegalStateException(what + ": counting failed after " + count.get() + " of " + expected
                    + " records", failure);
        }
    }

    /** @throws IllegalStateException when counting failed, or ended before every expected record arrived */
    public void failIfIncomplete(String what) {
        throwIfFailed(what);
        if (!done()) {
            throw new IllegalStateException(what + ": only " + count.get() + " of " + expected
                    + " records arrived within the time-out");
        }
    }

    /** The records that arrived in each second after the timeline's origin, a line a second. */
    public String timeline() {
        StringBuilder text = new StringBuilder();
        perSecond.forEach((second, n) -> text.append(String.format(Locale.ROOT, "%n  [%3d s, %3d s) %,9d",
                second, second + 1, n)));
        return text.toString();
    }
}
