package dev.numberregistry.core.lifecycle;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.NumberState;
import java.util.Objects;

/** What became of one event the registry decided itself: see {@link Lifecycle#inTurn}. */
public sealed interface Consequence {

    NumberEvent event();

    /**
     * The decided event was applied.
     *
     * @param before the state it was applied to
     * @param after  the state it made
     */
    record Followed(NumberEvent event, NumberState before, NumberState after) implements Consequence {
        public Followed {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * The lifecycle refused what the registry decided, or would not stop implying: a defect of
     * the lifecycle, kept with its reason for the bug report.
     */
    record Defect(NumberEvent event, String reason) implements Consequence {
        public Defect {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
