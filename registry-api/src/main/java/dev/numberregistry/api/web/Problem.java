package dev.numberregistry.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An error as RFC 9457 problem details, with {@code code}: a stable, machine-readable name for
 * the kind of error, and {@code errors}: each individual message when there are several.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
