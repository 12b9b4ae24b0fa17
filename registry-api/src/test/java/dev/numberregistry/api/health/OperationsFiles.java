package dev.numberregistry.api.health;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The alert rules and the Grafana dashboard of {@code docker/}, and the metrics their queries name. */
final class OperationsFiles {

    static final Path DOCKER = Path.of("..", "docker");
    static final Path PROMETHEUS = DOCKER.resolve("prometheus");
    static final Path ALERTS = PROMETHEUS.resolve("registry-alerts.yml");
    static final Path DASHBOARD = DOCKER.resolve("grafana").resolve("number-registry-dashboard.json");

    /** What Prometheus itself adds to every target, which no registry exposes. */
    private static final Set<String> FROM_PROMETHEUS = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    /** Label matchers, grouping clauses and strings, which name labels rather than metrics. */
    private static final Pattern NOT_METRICS = Pattern.compile(
            "\\{[^}]*}|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\"[^\"]*\"");
    /** A name not followed by "(" (a function or an aggregation). */
    private static final Pattern NAME = Pattern.compile("\\b[a-zA-Z_][a-zA-Z0-9_:]*\\b(?!\\s*\\()");

    private OperationsFiles() {
    }

    /** Every alert rule's expression. */
    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() throws IOException {
        try (InputStream in = Files.newInputStream(ALERTS)) {
            Map<String, Object> rules = new Yaml().load(in);
            List<String> expressions = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    expressions.add((String) rule.get("expr"));
                }
            }
            return expressions;
        }
    }

    /** Every query of the dashboard's panels. */
    @SuppressWarnings("unchecked")
    static List<String> dashboardExpressions() throws IOException {
        Map<String, Object> dashboard = JsonMapper.createDefault().readValue(Files.readAllBytes(DASHBOARD), Map.class);
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
                expressions.add((String) target.get("expr"));
            }
        }
        return expressions;
    }

    /** The metrics the expressions read, less those Prometheus makes itself. */
    static Set<String> metricsIn(List<String> expressions) {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            Matcher names = NAME.matcher(NOT_METRICS.matcher(expression).replaceAll(" "));
            while (names.find()) {
                String name = names.group();
                if (!KEYWORDS.contains(name) && !FROM_PROMETHEUS.contains(name)) {
                    metrics.add(name);
                }
            }
        }
        return metrics;
    }
}
