package dev.numberregistry.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.naming.NameUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an operator writes under {@code registry.policy} and {@code registry.policy-rules}, as properties or
 * as environment variables, is the policy applied.
 */
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

    /**
     * In a JVM of its own: a start that fails leaves what it started before the failure running (a
     * context that did not start is not stopped), and an embedded broker left running in the tests'
     * JVM would run beside every later test's.
     */
    @Test
    void anImpossiblePeriodIsRefusedAtStartNamingTheSetting() throws Exception {
        ChildRun run = runPrintPolicies(Map.of(
                "REGISTRY_POLICY_RULES_BROKEN_PREFIX", "+44",
                "REGISTRY_POLICY_RULES_BROKEN_GRACE_PERIOD", "-1d"));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isNotZero();
        assertThat(run.output()).contains("registry.policy-rules.broken");
    }

    @Test
    void rulesGivenAsEnvironmentVariablesAreTheRulesApplied() throws Exception {
        Map<String, String> printed = policiesPrintedWith(Map.of(
                        "REGISTRY_POLICY_RULES_FRANCE_PREFIX", "+33",
                        "REGISTRY_POLICY_RULES_FRANCE_QUARANTINE_PERIOD", "180d",
                        "REGISTRY_POLICY_RULES_FRANCE_PREPAID_PREFIX", "+33",
                        "REGISTRY_POLICY_RULES_FRANCE_PREPAID_PLAN_TYPE", "PREPAID",
                        "REGISTRY_POLICY_RULES_FRANCE_PREPAID_GRACE_PERIOD", "10d",
                        "REGISTRY_POLICY_RULES_FRANCE_PREPAID_RECYCLE_ON_GRACE_EXPIRY", "false",
                        "REGISTRY_POLICY_RULES_FRANCE_PREPAID_REMINDER_LEAD_TIMES", "3d,1h",
                        "REGISTRY_POLICY_RULES_UNITED_STATES_QUARANTINE_PERIOD", "60d"),
                FRANCE + ":POSTPAID", FRANCE + ":PREPAID", US + ":PREPAID", INDIA + ":PREPAID");

        LifecyclePolicy defaults = LifecyclePolicy.DEFAULT;
        assertThat(printed).containsExactlyInAnyOrderEntriesOf(Map.of(
                FRANCE + ":POSTPAID", new LifecyclePolicy(defaults.gracePeriod(), Duration.ofDays(180),
                        true, defaults.reminderLeadTimes()).toString(),
                FRANCE + ":PREPAID", new LifecyclePolicy(Duration.ofDays(10), defaults.quarantinePeriod(),
                        false, List.of(Duration.ofDays(3), Duration.ofHours(1))).toString(),
                US + ":PREPAID", new LifecyclePolicy(defaults.gracePeriod(), Duration.ofDays(60),
                        true, defaults.reminderLeadTimes()).toString(),
                INDIA + ":PREPAID", defaults.toString()));
    }

    @Test
    void anEnvironmentVariableThatNamesNoSettingOfARuleStopsTheStartNamingIt() throws Exception {
        ChildRun run = runPrintPolicies(Map.of(
                "REGISTRY_POLICY_RULES_FRANCE_PREFIX", "+33",
                "REGISTRY_POLICY_RULES_FRANCE_QUARANTINE", "180d"));

        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isNotZero();
        assertThat(run.output()).contains("REGISTRY_POLICY_RULES_FRANCE_QUARANTINE")
                .contains("QUARANTINE_PERIOD");
    }

    @Test
    void theEnvironmentVariablesOfARuleAreThoseOfEachOfItsSettings() {
        List<String> settings = Stream.of(PolicyRuleSettings.class.getMethods())
                .filter(method -> method.getName().startsWith("set") && method.getParameterCount() == 1)
                .map(setter -> NameUtils.hyphenate(setter.getName().substring("set".length())))
                .toList();

        assertThat(PolicyRulesInEnvironment.SETTINGS).containsExactlyInAnyOrderElementsOf(settings);
    }

    /** The policies the application applies, run in a JVM of its own with these environment variables. */
    private static Map<String, String> policiesPrintedWith(Map<String, String> environment,
                                                           String... numbersAndPlanTypes) throws Exception {
        ChildRun run = runPrintPolicies(environment, numbersAndPlanTypes);
        assertThat(run.exitCode()).as("exit code; output:%n%s", run.output()).isZero();
        Map<String, String> printed = new HashMap<>();
        run.output().lines().filter(line -> line.startsWith(PrintPolicies.LINE)).forEach(line -> {
            String[] parts = line.substring(PrintPolicies.LINE.length()).split(" ", 2);
            printed.put(parts[0], parts[1]);
        });
        return printed;
    }

    private static ChildRun runPrintPolicies(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), PrintPolicies.class.getName()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("print-policies-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // Only what the test sets: no setting of the machine that runs the tests leaks in.
        builder.environment().keySet().removeIf(name -> name.toUpperCase(Locale.ROOT).startsWith("REGISTRY_")
                || name.toUpperCase(Locale.ROOT).startsWith("MICRONAUT_"));
        builder.environment().putAll(environment);
        Process child = builder.start();
        boolean stopped = child.waitFor(2, TimeUnit.MINUTES);
        if (!stopped) {
            child.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!stopped) {
            throw new AssertionError("the application did not stop within 2 minutes; output:\n" + printed);
        }
        return new ChildRun(child.exitValue(), printed);
    }

    private record ChildRun(int exitCode, String output) {
    }

    /** The application on its embedded broker, on free ports and in a temporary directory, with these settings besides. */
    private Map<String, Object> with(Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.putAll(settings);
        return properties;
    }
}
