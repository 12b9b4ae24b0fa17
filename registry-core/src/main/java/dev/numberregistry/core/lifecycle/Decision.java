package dev.numberregistry.core.lifecycle;

import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.NumberState;
import java.util.List;
import java.util.Objects;

/** What the lifecycle made of one event: a new state, or a rejection with its reason. */
public sealed interface Decision {

    /**
     * The event was applied.
     *
     * @param implied events the registry decides as a consequence, to be written back to the log
     */
    record Applied(NumberState state, List<NumberEvent> implied) implements Decision {
        public Applied {
            Objects.requireNonNull(state, "state");
            implied = List.copyOf(implied);
        }
    }

    /** The event was refused and changes nothing; {@code reason} is a sentence for a person. */
    record Rejected(RejectionCode code, String reason) implements Decision {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
