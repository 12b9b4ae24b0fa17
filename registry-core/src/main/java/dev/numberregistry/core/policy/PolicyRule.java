package dev.numberregistry.core.policy;

import dev.numberregistry.core.state.PlanType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A policy for the numbers that start with an E.164 prefix, optionally only for one plan type.
 *
 * @param prefix   {@code +} and leading digits, e.g. {@code +1} or {@code +9198}
 * @param planType the plan type it is limited to, or null for every plan type
 */
public record PolicyRule(String prefix, PlanType planType, LifecyclePolicy policy) {

    private static final Pattern E164_PREFIX = Pattern.compile("\\+[1-9][0-9]{0,14}");

    public PolicyRule {
        Objects.requireNonNull(policy, "policy");
        if (prefix == null || !E164_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "a policy prefix is + followed by the leading digits of E.164 numbers, was '" + prefix + "'");
        }
    }
}
