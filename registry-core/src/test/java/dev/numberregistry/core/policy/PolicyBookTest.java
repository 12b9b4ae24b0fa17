package dev.numberregistry.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyBookTest {

    private static final LifecyclePolicy US = policy(45);
    private static final LifecyclePolicy US_POSTPAID = policy(60);
    private static final LifecyclePolicy CALIFORNIA = policy(50);
    private static final LifecyclePolicy AUSTRALIA = policy(180);

    private final PolicyBook book = new PolicyBook(LifecyclePolicy.DEFAULT, List.of(
            new PolicyRule("+1", null, US),
            new PolicyRule("+1", PlanType.POSTPAID, US_POSTPAID),
            new PolicyRule("+1415", null, CALIFORNIA),
            new PolicyRule("+61", null, AUSTRALIA)));

    private static LifecyclePolicy policy(int quarantineDays) {
        return new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(quarantineDays), true);
    }

    @Test
    void theLongestMatchingPrefixWins() {
        assertThat(book.policyFor(PhoneNumber.parse("+14155552671"), PlanType.PREPAID)).isEqualTo(CALIFORNIA);
        assertThat(book.policyFor(PhoneNumber.parse("+12025550123"), PlanType.PREPAID)).isEqualTo(US);
        assertThat(book.policyFor(PhoneNumber.parse("+61412345678"), PlanType.PREPAID)).isEqualTo(AUSTRALIA);
    }

    @Test
    void aRuleForThePlanTypeBeatsOneForEveryPlanAtTheSamePrefix() {
        assertThat(book.policyFor(PhoneNumber.parse("+12025550123"), PlanType.POSTPAID)).isEqualTo(US_POSTPAID);
    }

    @Test
    void aNumberNoRuleMatchesGetsTheDefault() {
        assertThat(book.policyFor(PhoneNumber.parse("+919876543210"), PlanType.PREPAID))
                .isEqualTo(LifecyclePolicy.DEFAULT);
        assertThat(book.policyFor(PhoneNumber.parse("+919876543210"), null)).isEqualTo(LifecyclePolicy.DEFAULT);
    }

    @Test
    void theLongestReminderLeadIsTheLongestOfEveryPolicy() {
        LifecyclePolicy remindsTwoWeeksAhead = new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true,
                List.of(Duration.ofDays(14), Duration.ofDays(2)));
        PolicyBook withIt = new PolicyBook(LifecyclePolicy.DEFAULT, List.of(new PolicyRule("+44", null, remindsTwoWeeksAhead)));

        assertThat(withIt.longestReminderLead()).isEqualTo(Duration.ofDays(14));
        assertThat(new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true, List.of()),
                List.of()).longestReminderLead()).as("no reminders").isZero();
    }

    @Test
    void aPrefixMustLookLikeTheStartOfAnE164Number() {
        assertThatThrownBy(() -> new PolicyRule("1415", null, US)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> new PolicyRule("+0", null, US)).hasMessageContaining("prefix");
    }

    @Test
    void periodsMustBePositive() {
        assertThatThrownBy(() -> new LifecyclePolicy(Duration.ZERO, Duration.ofDays(90), true))
                .hasMessageContaining("gracePeriod");
    }
}
