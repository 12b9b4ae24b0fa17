package dev.numberregistry.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator writes under {@code registry.policy} and {@code registry.policy-rules} is the policy applied. */
class PolicyConfigurationTest implements EmbeddedRegistryTestProperties {

    private static final PhoneNumber US = PhoneNumber.parse("+14155552671");
    private static final PhoneNumber INDIA = PhoneNumber.parse("+919876543210");
    private static final PhoneNumber FRANCE = PhoneNumber.parse("+33612345678");

    @Test
    void theShippedConfigurationGivesEachCountryItsQuarantineAndTheRestTheDefault() {
        try (ApplicationContext context = ApplicationContext.run(with(Map.of()))) {
            PolicyBook policies = context.getBean(PolicyBook.class);

            assertThat(policies.policyFor(US, PlanType.PREPAID).quarantinePeriod()).isEqualTo(Duration.ofDays(45));
            assertThat(policies.policyFor(INDIA, PlanType.PREPAID).quarantinePeriod()).isEqualTo(Duration.ofDays(90));
            assertThat(policies.policyFor(FRANCE, PlanType.PREPAID)).isEqualTo(LifecyclePolicy.DEFAULT);
        }
    }

    @Test
    void aRuleTakesWhatItLeavesOutFromTheDefaultPolicyAsConfigured() {
        try (ApplicationContext context = ApplicationContext.run(with(Map.of(
                "registry.policy.grace-period", "10d",
                "registry.policy.recycle-on-grace-expiry", "false",
                "registry.policy.reminder-lead-times", "3d",
                "registry.policy-rules.france-prepaid.prefix", "+33",
                "registry.policy-rules.france-prepaid.plan-type", "PREPAID",
                "registry.policy-rules.france-prepaid.quarantine-period", "180d")))) {
            PolicyBook policies = context.getBean(PolicyBook.class);

            assertThat(policies.policyFor(FRANCE, PlanType.PREPAID)).isEqualTo(new LifecyclePolicy(
                    Duration.ofDays(10), Duration.ofDays(180), false, List.of(Duration.ofDays(3))));
            assertThat(policies.policyFor(FRANCE, PlanType.POSTPAID)).isEqualTo(new LifecyclePolicy(
                    Duration.ofDays(10), LifecyclePolicy.DEFAULT.quarantinePeriod(), false, List.of(Duration.ofDays(3))));
        }
    }

    @Test
    void anImpossiblePeriodIsRefusedAtStartNamingTheSetting() {
        assertThatThrownBy(() -> {
            try (ApplicationContext context = ApplicationContext.run(with(Map.of(
                    "registry.policy-rules.broken.prefix", "+44",
                    "registry.policy-rules.broken.grace-period", "-1d")))) {
                context.getBean(PolicyBook.class);
            }
        }).hasStackTraceContaining("registry.policy-rules.broken");
    }

    /** The application on its embedded broker, on free ports and in a temporary directory, with these settings besides. */
    private Map<String, Object> with(Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.putAll(settings);
        return properties;
    }
}
