package dev.numberregistry.api.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the policy rules that environment variables name, each variable one way:
 * {@code REGISTRY_POLICY_RULES_<NAME>_<SETTING>}, where SETTING is one of {@link #SETTINGS} in
 * capitals with {@code _} for {@code -}, and NAME is what comes before it, its {@code _} the
 * {@code -} of the rule's name: {@code REGISTRY_POLICY_RULES_FRANCE_PREPAID_PLAN_TYPE} is
 * {@code registry.policy-rules.france-prepaid.plan-type}.
 *
 * <p>Micronaut reads an environment variable as every property its {@code _} could stand for (a
 * dot or a dash each), so it cannot tell where a rule's name ends, and it leaves environment
 * variables out when it lists the names under {@code registry.policy-rules} (micronaut-core
 * #2790): a rule that only the environment named was never made, though Micronaut read its
 * settings from the environment all along. What this adds is the names, as a property source just
 * below Micronaut's own source of environment variables, which therefore still gives each value
 * (the same, from the same variable) and keeps its place among the other sources. A variable
 * under {@code REGISTRY_POLICY_RULES_} that ends in no setting stops the start: it would
 * otherwise be ignored, as these were.
 */
@ContextConfigurer
public final class PolicyRulesInEnvironment implements ApplicationContextConfigurer {

    /** Every setting of a rule ({@link PolicyRuleSettings}), as a property name writes it. */
    static final List<String> SETTINGS = List.of("prefix", "plan-type", "grace-period", "quarantine-period",
            "recycle-on-grace-expiry", "reminder-lead-times");

    private static final String VARIABLE_PREFIX = "REGISTRY_POLICY_RULES_";
    private static final String PROPERTY_PREFIX = "registry.policy-rules.";
    private static final Pattern RULE_NAME = Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*");

    @Override
    public void configure(ApplicationContextBuilder builder) {
        Map<String, Object> rules = rulesIn(System.getenv());
        if (!rules.isEmpty()) {
            builder.propertySources(PropertySource.of("policy-rules-in-environment", rules,
                    EnvironmentPropertySource.POSITION - 1));
        }
    }

    /** The rule settings these environment variables give, named as properties. */
    static Map<String, Object> rulesIn(Map<String, String> environment) {
        Map<String, Object> properties = new TreeMap<>();
        environment.forEach((variable, value) -> {
            String name = variable.toUpperCase(Locale.ROOT);
            if (name.startsWith(VARIABLE_PREFIX)) {
                properties.put(propertyOf(variable, name.substring(VARIABLE_PREFIX.length())), value);
            }
        });
        return properties;
    }

    private static String propertyOf(String variable, String ruleAndSetting) {
        for (String setting : SETTINGS) {
            String suffix = "_" + setting.toUpperCase(Locale.ROOT).replace('-', '_');
            Optional<String> rule = Optional.of(ruleAndSetting)
                    .filter(both -> both.endsWith(suffix))
                    .map(both -> both.substring(0, both.length() - suffix.length()))
                    .filter(name -> RULE_NAME.matcher(name).matches());
            if (rule.isPresent()) {
                return PROPERTY_PREFIX + rule.get().toLowerCase(Locale.ROOT).replace('_', '-') + "." + setting;
            }
        }
        throw new ConfigurationException("The environment variable " + variable + " sets no policy rule: a rule's "
                + "variable is " + VARIABLE_PREFIX + "<NAME>_<SETTING>, NAME the rule's name in capitals and digits "
                + "with _ for -, and SETTING one of "
                + String.join(", ", SETTINGS.stream()
                        .map(setting -> setting.toUpperCase(Locale.ROOT).replace('-', '_')).toList())
                + " (registry.policy-rules.<name>.<setting>)");
    }
}
