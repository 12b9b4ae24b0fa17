package dev.numberregistry.api.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** Leads a browser that opens the registry's address to the ops console (static resources under {@code /console/}). */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ConsoleController {

    private static final URI CONSOLE = URI.create("/console/");

    @Get
    HttpResponse<?> root() {
        return HttpResponse.seeOther(CONSOLE);
    }
}
