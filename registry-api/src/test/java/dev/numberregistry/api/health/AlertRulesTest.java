package dev.numberregistry.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code docker/prometheus} are valid, and fire when they should: Prometheus'
 * own {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs it) checks
 * them and runs their unit tests ({@code registry-alerts.test.yml}).
 */
class AlertRulesTest {

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process promtool = new ProcessBuilder(command).directory(OperationsFiles.PROMETHEUS.toFile())
                .redirectErrorStream(true).start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "registry-alerts.yml")).contains("SUCCESS");
    }

    @Test
    void theRulesFireWhenTheirUnitTestsSayTheyShould() throws Exception {
        assertThat(promtool("test", "rules", "registry-alerts.test.yml")).contains("SUCCESS");
    }
}
