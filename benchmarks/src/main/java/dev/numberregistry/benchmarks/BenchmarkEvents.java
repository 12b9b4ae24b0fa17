package dev.numberregistry.benchmarks;

import dev.numberregistry.benchmarks.harness.BenchNumbers;
import dev.numberregistry.benchmarks.harness.EventRecords;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A realistic, reproducible event log for the benchmark: many distinct valid numbers of several
 * countries, each starting with its NumberAssigned and going on with top-ups, flags, suspensions,
 * lapses, cancellations, recycling and reassignment, interleaved across numbers as a live feed
 * would be. Every event is checked with the real {@link Lifecycle} while it is generated, so all of
 * them are applied by the registry and none is rejected; events that would make the registry decide
 * an event of its own (GraceExpired with recycling) are left out, so that N events give exactly N
 * state updates.
 *
 * <p>Business time starts at the wall clock of the run and only moves forward from there, as in a
 * live feed: every deadline the registry derives (validity ends, grace ends, quarantine ends,
 * reminders) lies in the future, so its wall-clock sweep runs but decides nothing during the run,
 * and the events the generator checked against the lifecycle are the ones the registry sees.
 */
final class BenchmarkEvents {

    /** Key (E.164, UTF-8) and value (the single-object Avro event) of each record, in log order. */
    final byte[][] keys;
    final byte[][] values;
    /** The state each number must end in: what the registry's store must hold afterwards. */
    final Map<String, NumberState> expectedStates;
    final Map<String, Integer> eventTypeCounts;
    final int numbers;
    final long valueBytes;

    private BenchmarkEvents(byte[][] keys, byte[][] values, Map<String, NumberState> expectedStates,
                            Map<String, Integer> eventTypeCounts, long valueBytes) {
        this.keys = keys;
        this.values = values;
        this.expectedStates = expectedStates;
        this.eventTypeCounts = eventTypeCounts;
        this.numbers = expectedStates.size();
        this.valueBytes = valueBytes;
    }

    int size() {
        return keys.length;
    }

    static BenchmarkEvents generate(int events, int numberCount, long seed, PolicyBook policies, Instant businessStart) {
        if (numberCount < 1 || numberCount > events) {
            throw new IllegalArgumentException("need 1 to " + events + " numbers, got " + numberCount);
        }
        Random random = new Random(seed);
        List<PhoneNumber> numbers = distinctValidNumbers(numberCount, random);
        Lifecycle lifecycle = new Lifecycle(policies);

        Script[] scripts = new Script[numberCount];
        byte[][] keys = new byte[events][];
        byte[][] values = new byte[events][];
        Map<String, Integer> typeCounts = new java.util.TreeMap<>();
        long valueBytes = 0;
        int started = 0;
        for (int i = 0; i < events; i++) {
            // Start a new number with the probability that spreads the remaining starts evenly over
            // the remaining events, so every number is started and starts are spread over the log.
            int remainingStarts = numberCount - started;
            boolean start = started == 0
                    || remainingStarts == events - i
                    || (remainingStarts > 0 && random.nextInt(events - i) < remainingStarts);
            Script script;
            if (start) {
                script = new Script(numbers.get(started), started, businessStart, random);
                scripts[started++] = script;
            } else {
                script = scripts[random.nextInt(started)];
            }
            NumberEvent event = script.next(lifecycle, random);
            keys[i] = EventRecords.key(event);
            values[i] = EventRecords.value(event);
            valueBytes += values[i].length;
            typeCounts.merge(event.type(), 1, Integer::sum);
        }
        Map<String, NumberState> expected = new java.util.HashMap<>(numberCount * 2);
        for (Script script : scripts) {
            expected.put(script.number.e164(), script.state);
        }
        return new BenchmarkEvents(keys, values, expected, typeCounts, valueBytes);
    }

    /** US, UK, Indian and Australian numbers, each verified with {@link PhoneNumber#parse}. */
    private static List<PhoneNumber> distinctValidNumbers(int count, Random random) {
        // The exchange and line are random; libphonenumber judges.
        int[] usAreaCodes = BenchNumbers.US_AREA_CODES;
        List<Supplier<String>> forms = List.of(
                () -> String.format("+1%03d%03d%04d", usAreaCodes[random.nextInt(usAreaCodes.length)],
                        200 + random.nextInt(800), random.nextInt(10_000)),
                () -> String.format("+1%03d%03d%04d", usAreaCodes[random.nextInt(usAreaCodes.length)],
                        200 + random.nextInt(800), random.nextInt(10_000)),
                () -> String.format("+447%d%08d", 4 + random.nextInt(6), random.nextInt(100_000_000)),
                () -> String.format("+91%d%09d", 7 + random.nextInt(3), random.nextInt(1_000_000_000)),
                () -> String.format("+614%08d", random.nextInt(100_000_000)));
        Set<String> seen = new HashSet<>(count * 2);
        List<PhoneNumber> numbers = new ArrayList<>(count);
        int invalid = 0;
        while (numbers.size() < count) {
            String candidate = forms.get(random.nextInt(forms.size())).get();
            PhoneNumber number;
            try {
                number = PhoneNumber.parse(candidate);
            } catch (InvalidPhoneNumberException e) {
                if (++invalid > count * 10 + 1000) {
                    throw new IllegalStateException("too few valid numbers among the candidates", e);
                }
                continue;
            }
            if (seen.add(number.e164())) {
                numbers.add(number);
            }
        }
        return numbers;
    }

    private enum Kind {
        TOP_UP, FLAG_RAISED, FLAG_CLEARED, SUSPENDED, RESUMED, LAPSED, CANCELLATION_REQUESTED,
        CANCELLATION_COMPLETED, RECYCLED, QUARANTINE_ENDED, REASSIGNED, RECOVERED
    }

    /** One number's life: its current state as the registry will have it, and its clock. */
    private static final class Script {
        private static final String[] SOURCES = {"billing-eu", "billing-us", "billing-apac", "crm"};
        private static final String[] CURRENCIES = {"USD", "GBP", "INR", "AUD", "EUR"};
        /** Why a carrier clears a flag: not TENURE_ENDED, the registry's own, which an event from a carrier may not give. */
        private static final FlagClearance[] CLEARANCES = {FlagClearance.APPEAL_UPHELD, FlagClearance.PAID,
            FlagClearance.MISJUDGED, FlagClearance.EXPIRED};

        private final PhoneNumber number;
        private final String subscriberPrefix;
        private NumberState state;
        private Instant now;
        private int flagCounter;
        private int holderCounter;

        Script(PhoneNumber number, int index, Instant start, Random random) {
            this.number = number;
            this.subscriberPrefix = "sub-" + index + "-";
            this.now = start.plus(Duration.ofSeconds(random.nextInt(60 * 60)));
        }

        NumberEvent next(Lifecycle lifecycle, Random random) {
            if (state == null) {
                return accept(lifecycle, event(random, newHolder(random, true)));
            }
            // Weighted choice of what happens next; the lifecycle decides whether it is possible in
            // the current state, and the next choice is tried when it is not.
            Map<Kind, Integer> weights = weights();
            List<Kind> order = weightedOrder(weights, random);
            for (Kind kind : order) {
                Instant before = now;
                NumberEvent candidate = candidate(kind, random);
                if (candidate == null) {
                    continue;
                }
                Decision decision = lifecycle.decide(state, candidate);
                if (decision instanceof Decision.Applied applied && applied.implied().isEmpty()) {
                    state = applied.state();
                    return candidate;
                }
                now = before;
            }
            throw new IllegalStateException("no applicable event for " + state);
        }

        private NumberEvent accept(Lifecycle lifecycle, NumberEvent event) {
            Decision decision = lifecycle.decide(state, event);
            if (!(decision instanceof Decision.Applied applied) || !applied.implied().isEmpty()) {
                throw new IllegalStateException("generated event not applied: " + decision);
            }
            state = applied.state();
            return event;
        }

        private Map<Kind, Integer> weights() {
            Map<Kind, Integer> w = new EnumMap<>(Kind.class);
            boolean prepaid = state.holder() != null && state.holder().planType() == PlanType.PREPAID;
            switch (state.status()) {
                case ACTIVE -> {
                    if (state.cancellationRequestedAt() != null) {
                        w.put(Kind.CANCELLATION_COMPLETED, 60);
                    }
                    if (prepaid) {
                        w.put(Kind.TOP_UP, 50);
                        w.put(Kind.LAPSED, 6);
                    }
                    w.put(Kind.FLAG_RAISED, 12);
                    w.put(Kind.FLAG_CLEARED, state.flags().isEmpty() ? 0 : 14);
                    w.put(Kind.SUSPENDED, 5);
                    w.put(Kind.CANCELLATION_REQUESTED, 2);
                }
                case IN_GRACE -> {
                    w.put(Kind.TOP_UP, 80);
                    w.put(Kind.FLAG_RAISED, 10);
                    w.put(Kind.FLAG_CLEARED, state.flags().isEmpty() ? 0 : 10);
                }
                case SUSPENDED -> {
                    w.put(Kind.RESUMED, 70);
                    w.put(Kind.FLAG_CLEARED, state.flags().isEmpty() ? 0 : 20);
                    if (prepaid) {
                        w.put(Kind.TOP_UP, 20);
                    }
                }
                case CANCELLED -> w.put(Kind.RECYCLED, 100);
                case QUARANTINED -> {
                    w.put(Kind.QUARANTINE_ENDED, 80);
                    w.put(Kind.RECOVERED, 20);
                }
                case AVAILABLE -> w.put(Kind.REASSIGNED, 100);
                default -> {
                }
            }
            // Fallbacks, so that something always applies.
            for (Kind kind : Kind.values()) {
                w.putIfAbsent(kind, 0);
            }
            return w;
        }

        private static List<Kind> weightedOrder(Map<Kind, Integer> weights, Random random) {
            List<Kind> order = new ArrayList<>();
            Map<Kind, Integer> left = new EnumMap<>(weights);
            while (true) {
                int total = left.values().stream().mapToInt(Integer::intValue).sum();
                if (total == 0) {
                    break;
                }
                int pick = random.nextInt(total);
                for (Map.Entry<Kind, Integer> entry : left.entrySet()) {
                    pick -= entry.getValue();
                    if (pick < 0) {
                        order.add(entry.getKey());
                        left.put(entry.getKey(), 0);
                        break;
                    }
                }
            }
            for (Kind kind : Kind.values()) {
                if (!order.contains(kind)) {
                    order.add(kind);
                }
            }
            return order;
        }

        private NumberEvent candidate(Kind kind, Random random) {
            advance(random);
            return switch (kind) {
                case TOP_UP -> {
                    if (state.status() == NumberStatus.IN_GRACE && state.graceEndsAt() != null
                            && !now.isBefore(state.graceEndsAt())) {
                        now = state.graceEndsAt().minus(Duration.ofHours(1));
                    }
                    Instant base = state.validUntil() != null && state.validUntil().isAfter(now)
                            ? state.validUntil() : now;
                    yield event(random, new EventPayload.TopUpMade(100L * (1 + random.nextInt(100)),
                            CURRENCIES[random.nextInt(CURRENCIES.length)], base.plus(Duration.ofDays(30))));
                }
                case FLAG_RAISED -> event(random, new EventPayload.FlagRaised("flag-" + (++flagCounter),
                        pick(FlagKind.values(), random), pick(FlagSeverity.values(), random), "fraud-engine",
                        random.nextInt(3) == 0 ? "raised by rule R" + random.nextInt(100) : null));
                case FLAG_CLEARED -> {
                    if (state.flags().isEmpty()) {
                        yield null;
                    }
                    Flag flag = state.flags().get(random.nextInt(state.flags().size()));
                    yield event(random, new EventPayload.FlagCleared(flag.flagId(),
                            pick(CLEARANCES, random), "back-office", null));
                }
                case SUSPENDED -> event(random, new EventPayload.NumberSuspended(
                        pick(SuspensionReason.values(), random), random.nextBoolean() ? "customer called" : null));
                case RESUMED -> event(random, new EventPayload.NumberResumed());
                case LAPSED -> {
                    if (state.validUntil() != null && now.isBefore(state.validUntil())) {
                        now = state.validUntil().plus(Duration.ofHours(1));
                    }
                    yield event(random, new EventPayload.ValidityLapsed());
                }
                case CANCELLATION_REQUESTED -> event(random, new EventPayload.CancellationRequested());
                case CANCELLATION_COMPLETED -> event(random, new EventPayload.CancellationCompleted());
                case RECYCLED -> event(random, new EventPayload.NumberRecycled());
                case QUARANTINE_ENDED -> {
                    if (state.quarantineEndsAt() != null && now.isBefore(state.quarantineEndsAt())) {
                        now = state.quarantineEndsAt().plus(Duration.ofDays(1));
                    }
                    yield event(random, new EventPayload.QuarantineEnded());
                }
                case REASSIGNED -> event(random, newHolder(random, false));
                case RECOVERED -> state.previousHolder() == null ? null
                        : event(random, new EventPayload.NumberRecovered(state.previousHolder().subscriberRef(),
                                now.plus(Duration.ofDays(30))));
            };
        }

        private EventPayload newHolder(Random random, boolean first) {
            String subscriber = subscriberPrefix + (++holderCounter);
            PlanType plan = random.nextInt(10) < 7 ? PlanType.PREPAID : PlanType.POSTPAID;
            Instant validUntil = plan == PlanType.PREPAID ? now.plus(Duration.ofDays(30)) : null;
            return first ? new EventPayload.NumberAssigned(subscriber, plan, validUntil)
                    : new EventPayload.NumberReassigned(subscriber, plan, validUntil);
        }

        private void advance(Random random) {
            now = now.plus(Duration.ofMinutes(1 + random.nextInt(60 * 24 * 5)));
        }

        private NumberEvent event(Random random, EventPayload payload) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            Instant recordedAt = now.plus(Duration.ofMillis(random.nextInt(5_000)));
            return new NumberEvent(id, number, now, recordedAt, SOURCES[random.nextInt(SOURCES.length)], payload);
        }

        private static <T> T pick(T[] values, Random random) {
            return values[random.nextInt(values.length)];
        }
    }
}
