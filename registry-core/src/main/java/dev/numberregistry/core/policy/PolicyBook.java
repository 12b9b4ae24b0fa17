package dev.numberregistry.core.policy;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every configured policy, and the rule for choosing one: the longest matching prefix wins, and
 * at the same length a rule for the number's plan type beats one for every plan type. A number
 * that no rule matches gets the default.
 */
public final class PolicyBook {

    private static final Comparator<PolicyRule> MOST_SPECIFIC_FIRST =
            Comparator.comparingInt((PolicyRule rule) -> rule.prefix().length())
                    .thenComparing(rule -> rule.planType() != null)
                    .reversed();

    private final LifecyclePolicy defaultPolicy;
    private final List<PolicyRule> rules;
    private final Instant coverageStart;

    public PolicyBook(LifecyclePolicy defaultPolicy, List<PolicyRule> rules) {
        this(defaultPolicy, rules, null);
    }

    /**
     * @param coverageStart from when the registry has seen every event of every number (the day its
     *                      feed was switched on with the carrier's whole history before it, say);
     *                      null when unknown: each number is then covered from its first event
     */
    public PolicyBook(LifecyclePolicy defaultPolicy, List<PolicyRule> rules, Instant coverageStart) {
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        this.rules = rules.stream().sorted(MOST_SPECIFIC_FIRST).toList();
        this.coverageStart = coverageStart;
    }

    public Optional<Instant> coverageStart() {
        return Optional.ofNullable(coverageStart);
    }

    public static PolicyBook defaults() {
        return new PolicyBook(LifecyclePolicy.DEFAULT, List.of());
    }

    /** The longest time any policy reminds before an end: how far a reminder can lie ahead of its end. */
    public Duration longestReminderLead() {
        return Stream.concat(Stream.of(defaultPolicy), rules.stream().map(PolicyRule::policy))
                .flatMap(policy -> policy.reminderLeadTimes().stream())
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
    }

    public LifecyclePolicy policyFor(PhoneNumber number, PlanType planType) {
        return rules.stream()
                .filter(rule -> number.startsWith(rule.prefix()))
                .filter(rule -> rule.planType() == null || rule.planType() == planType)
                .map(PolicyRule::policy)
                .findFirst()
                .orElse(defaultPolicy);
    }
}
