package dev.numberregistry.api.camara;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counts what the CAMARA APIs answered, as {@code registry_camara_checks_total{operation, answer}}:
 * the operation ({@code number-recycling/v0.2/check}, {@code .../check-batch},
 * {@code sim-swap/v2/check}, {@code sim-swap/v2/retrieve-date}, {@code other} for any other path)
 * and the answer: {@code RECYCLED} or {@code NOT_RECYCLED}, {@code SWAPPED} or
 * {@code NOT_SWAPPED}, {@code DATE_KNOWN} or {@code NO_DATE_KNOWN}, each result of a batch
 * ({@code RECYCLED}, {@code NOT_RECYCLED}, {@code NO_DATA}, {@code INVALID}), or the error's code
 * ({@code IDENTIFIER_NOT_FOUND}, {@code OUT_OF_RANGE}, {@code UNAUTHENTICATED},
 * {@code UNAVAILABLE}...). Runs before the security filter, so refused tokens are counted too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class CamaraCheckMeter implements Ordered {

    static final String NAME = "registry.camara.checks";
    /** The operations by path; any other path is "other", so that no request adds a label value of its own. */
    private static final Set<String> OPERATIONS = Set.of("number-recycling/v0.2/check",
            "number-recycling/v0.2/check-batch", "sim-swap/v2/check", "sim-swap/v2/retrieve-date");

    private final MeterRegistry registry;
    /** By operation and answer: a batch of 1,000 checks finds its counters instead of registering them again. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    CamaraCheckMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.order();
    }

    @ResponseFilter
    void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!CamaraApis.isCamara(request)) {
            return;
        }
        String operation = operationOf(request.getUri().getPath());
        Object body = response.getBody().orElse(null);
        if (body instanceof NumberRecyclingController.BatchResponse batch) {
            batch.results().stream()
                    .collect(Collectors.groupingBy(NumberRecyclingController.BatchResult::result, Collectors.counting()))
                    .forEach((answer, checks) -> counter(operation, answer).increment(checks));
        } else {
            counter(operation, answerOf(body, response.code())).increment();
        }
    }

    private Counter counter(String operation, String answer) {
        return counters.computeIfAbsent(List.of(operation, answer), key -> Counter.builder(NAME)
                .description("CAMARA checks answered, by operation and answer")
                .tag("operation", operation).tag("answer", answer).register(registry));
    }

    private static String answerOf(Object body, int status) {
        if (body instanceof NumberRecyclingController.CheckResult result) {
            return result.phoneNumberRecycled() ? "RECYCLED" : "NOT_RECYCLED";
        }
        if (body instanceof SimSwapController.CheckResult result) {
            return result.swapped() ? "SWAPPED" : "NOT_SWAPPED";
        }
        if (body instanceof SimSwapController.SimSwapInfo info) {
            return info.latestSimChange() != null ? "DATE_KNOWN" : "NO_DATE_KNOWN";
        }
        if (body instanceof CamaraError error) {
            return error.code();
        }
        return "HTTP_" + status;
    }

    private static String operationOf(String path) {
        String operation = path.substring(1);
        if (operation.endsWith("/")) {
            operation = operation.substring(0, operation.length() - 1);
        }
        return OPERATIONS.contains(operation) ? operation : "other";
    }
}
