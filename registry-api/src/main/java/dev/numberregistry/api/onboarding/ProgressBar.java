package dev.numberregistry.api.onboarding;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows how far a long run is: on a terminal a bar redrawn in place a few times a second, with the
 * rate and the time left; elsewhere (a log, a pipe) a plain line every ten seconds.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private long startNanos;
    private long doneAtStart = -1;
    private long countAtStart;
    private long lastDrawNanos;

    /** @param total what "done" counts up to (bytes of a file, records of a log) */
    ProgressBar(PrintStream out, boolean terminal, String label, long total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** @param done out of the total; @param count what to show as numbers done */
    void update(long done, long count) {
        long now = System.nanoTime();
        if (doneAtStart < 0) {
            // Rates are of what this bar saw done: a resumed run, or a registry already at work,
            // had done the rest before.
            startNanos = now;
            doneAtStart = done;
            countAtStart = count;
            lastDrawNanos = now;
            return;
        }
        long interval = terminal ? 250_000_000L : 10_000_000_000L;
        if (now - lastDrawNanos < interval) {
            return;
        }
        lastDrawNanos = now;
        draw(done, count, now);
    }

    void finish(long done, long count) {
        if (doneAtStart < 0) {
            update(done, count);
        }
        draw(done, count, System.nanoTime());
        if (terminal) {
            out.println();
        }
    }

    private void draw(long done, long count, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
        double fraction = Math.min(1.0, (double) done / total);
        double rate = (done - doneAtStart) / seconds;
        String eta = rate <= 0 ? "?" : format(Duration.ofSeconds((long) ((total - done) / rate)));
        double countRate = (count - countAtStart) / seconds;
        int filled = (int) (fraction * WIDTH);
        String line = String.format(Locale.ROOT, "%s [%s%s] %5.1f%%  %,d numbers  %,.0f/s  ETA %s", label,
                "#".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, count, countRate, eta);
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else {
            out.println(line);
        }
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
