package dev.numberregistry.benchmarks.harness;

import static dev.numberregistry.benchmarks.harness.Bench.out;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kafka Streams' own metrics of a registry under test, as a sorted table "role name" → value, taken
 * before and after a phase: the evidence of where the stream threads' time went and how their
 * clients batched.
 */
public final class StreamsMetrics {

    private StreamsMetrics() {
    }

    /**
     * The numeric metrics to which {@code role} gives a role (such as "thread StreamThread-1"; null
     * leaves the metric out), each as "role metric-name".
     */
    public static Map<String, Double> select(KafkaStreams streams, Function<MetricName, String> role) {
        Map<String, Double> values = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            String label = role.apply(name);
            if (label != null && metric.metricValue() instanceof Number number) {
                values.put(label + " " + name.name(), number.doubleValue());
            }
        });
        return values;
    }

    /**
     * "thread StreamThread-n" for a stream thread's metric named in {@code threadMetrics},
     * "producer StreamThread-n" for its producer's named in {@code producerMetrics}, null for any
     * other metric.
     */
    public static String threadOrProducerRole(MetricName name, List<String> threadMetrics,
                                              List<String> producerMetrics) {
        if (name.group().equals("stream-thread-metrics") && threadMetrics.contains(name.name())) {
            return "thread " + name.tags().get("thread-id").replaceAll(".*-(StreamThread-\\d+)", "$1");
        } else if (name.group().equals("producer-metrics") && producerMetrics.contains(name.name())) {
            return "producer " + name.tags().getOrDefault("client-id", "")
                    .replaceAll(".*-(StreamThread-\\d+)-producer", "$1");
        }
        return null;
    }

    /**
     * Prints the metrics at the end of a phase: totals ({@code *-total}) as what the phase added to
     * them, nanosecond totals in milliseconds, everything else as it is at the end.
     */
    public static void printDeltas(String title, Map<String, Double> start, Map<String, Double> end) {
        StringBuilder text = new StringBuilder(title);
        end.forEach((name, value) -> {
            boolean total = name.endsWith("-total");
            double shown = total ? value - start.getOrDefault(name, 0.0) : value;
            if (name.endsWith("-ns-total")) {
                text.append(String.format(Locale.ROOT, "%n  %-60s %,14.0f ms", name.replace("-ns-total", "-total"),
                        shown / 1e6));
            } else {
                text.append(String.format(Locale.ROOT, "%n  %-60s %,14.2f", name, shown));
            }
        });
        out("%s", text);
    }
}
