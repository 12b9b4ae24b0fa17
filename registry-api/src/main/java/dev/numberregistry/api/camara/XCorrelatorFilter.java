package dev.numberregistry.api.camara;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.regex.Pattern;

/**
 * The CAMARA {@code x-correlator} header: a request's value comes back on its response, whatever
 * answers it (a controller, an error handler, the security check). A value the contract's pattern
 * does not allow is refused with 400 {@code INVALID_ARGUMENT}. Runs before the security filter, so
 * 401 and 403 answers carry the header too. Registry endpoints outside the CAMARA paths are left
 * alone.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class XCorrelatorFilter implements Ordered {

    private static final Pattern VALID = Pattern.compile(CamaraApis.X_CORRELATOR_PATTERN);

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.order();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> checkCorrelator(HttpRequest<?> request) {
        String correlator = request.getHeaders().get(CamaraApis.X_CORRELATOR);
        if (correlator != null && CamaraApis.isCamara(request) && !VALID.matcher(correlator).matches()) {
            return CamaraError.invalidArgument("The x-correlator header must match " + VALID.pattern()
                    + " (at most 256 letters, digits and -_:;./<>{}).").toResponse();
        }
        return null;
    }

    @ResponseFilter
    void echoCorrelator(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String correlator = request.getHeaders().get(CamaraApis.X_CORRELATOR);
        if (correlator != null && CamaraApis.isCamara(request) && VALID.matcher(correlator).matches()) {
            response.header(CamaraApis.X_CORRELATOR, correlator);
        }
    }
}
