package dev.numberregistry.benchmarks.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A benchmark's parameters: system properties {@code bench.*}, each with its default when it is
 * unset or blank (the Maven profiles pass an empty value for "the default"). Numbers may be written
 * {@code 10_000_000}; a value that is not a number fails the run rather than quietly measuring the
 * default.
 */
public final class BenchProperties {

    private BenchProperties() {
    }

    public static long longProperty(String name, long defaultValue) {
        Long value = optionalLongProperty(name);
        return value == null ? defaultValue : value;
    }

    public static int intProperty(String name, int defaultValue) {
        return (int) longProperty(name, defaultValue);
    }

    /** The number, or null when the property is unset or blank: "the application's own default". */
    public static Long optionalLongProperty(String name) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? null : Long.parseLong(digits(value));
    }

    public static double doubleProperty(String name, double defaultValue) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? defaultValue : Double.parseDouble(digits(value));
    }

    public static String stringProperty(String name, String defaultValue) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? defaultValue : value.strip();
    }

    /** A comma-separated list of numbers, such as {@code 1000000,10000000}. */
    public static List<Integer> intListProperty(String name, String defaultValue) {
        return Arrays.stream(stringProperty(name, defaultValue).split(","))
                .map(size -> Integer.valueOf(digits(size))).toList();
    }

    /**
     * Every property named {@code prefix<name>}, by {@code <name>}, sorted: {@code bench.streams.}
     * passes any Streams property to the registry under test.
     */
    public static Map<String, String> prefixedProperties(String prefix) {
        Map<String, String> values = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(prefix))
                .forEach(name -> values.put(name.substring(prefix.length()), System.getProperty(name)));
        return values;
    }

    private static String digits(String value) {
        return value.strip().replace("_", "");
    }
}
