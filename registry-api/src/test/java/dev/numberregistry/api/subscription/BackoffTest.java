package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Duration initial = Duration.ofSeconds(1);
    private final Duration max = Duration.ofSeconds(60);

    @Test
    void theWaitDoublesWithEachFailureUpToTheLongest() {
        Backoff atTheBound = new Backoff(initial, max, () -> 1.0);

        assertThat(atTheBound.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(atTheBound.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(atTheBound.after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(atTheBound.after(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(atTheBound.after(1_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theJitterTakesAtMostHalfTheWaitAway() {
        Backoff lowest = new Backoff(initial, max, () -> 0.0);
        Backoff halfway = new Backoff(initial, max, () -> 0.5);

        assertThat(lowest.after(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(halfway.after(3)).isEqualTo(Duration.ofSeconds(3));
    }
}
