package dev.numberregistry.api.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /prometheus}, read as the Prometheus text format has it. */
record Scrape(List<Series> series) {

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Series(String name, Map<String, String> labels, double value) {
    }

    static Scrape of(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labelsAt = line.indexOf('{');
            int valueAt = line.lastIndexOf(' ');
            String name = line.substring(0, labelsAt >= 0 ? labelsAt : valueAt);
            Map<String, String> labels = new HashMap<>();
            if (labelsAt >= 0) {
                Matcher matcher = LABEL.matcher(line.substring(labelsAt, line.lastIndexOf('}')));
                while (matcher.find()) {
                    labels.put(matcher.group(1), matcher.group(2));
                }
            }
            series.add(new Series(name, labels, Double.parseDouble(line.substring(valueAt + 1))));
        }
        return new Scrape(series);
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        series.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the series of that name whose labels include these; NaN when there is none. */
    double sum(String name, Map<String, String> labels) {
        List<Series> matching = series.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Series::value).sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }
}
