package dev.numberregistry.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An error as RFC 9457 problem details, with {@code code}: a stable, machine-readable name for
 * the kind of error, and {@code errors}: each individual message when there are several.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "An error as RFC 9457 problem details (application/problem+json) with `code`, a stable "
        + "name for the kind of error, and `errors`, each message when there are several.")
public record Problem(String type, String title, int status, String detail,
                      @Schema(example = "UNKNOWN_NUMBER") String code,
                      @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
