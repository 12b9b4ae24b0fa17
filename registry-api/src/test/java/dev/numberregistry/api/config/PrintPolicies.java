package dev.numberregistry.api.config;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;

/**
 * Starts the application in a JVM of its own, on free ports and in a temporary directory, and
 * prints the policy it applies to each {@code number:PLAN_TYPE} of its arguments, one line each,
 * starting with {@link #LINE}: a test starts it with the environment variables it wants to try,
 * which a running JVM cannot change for itself.
 */
public final class PrintPolicies implements EmbeddedRegistryTestProperties {

    static final String LINE = "policy ";

    public static void main(String[] numbersAndPlanTypes) {
        try (ApplicationContext context = ApplicationContext.run(new HashMap<>(new PrintPolicies().getProperties()))) {
            PolicyBook policies = context.getBean(PolicyBook.class);
            for (String numberAndPlanType : numbersAndPlanTypes) {
                String[] parts = numberAndPlanType.split(":");
                System.out.println(LINE + numberAndPlanType + " "
                        + policies.policyFor(PhoneNumber.parse(parts[0]), PlanType.valueOf(parts[1])));
            }
        } catch (RuntimeException startFailed) {
            // As the application's own main does (Micronaut.run): a start that failed may have left the
            // embedded broker it started running, whose threads would keep this JVM alive.
            startFailed.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
