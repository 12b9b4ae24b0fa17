package dev.numberregistry.api.web;

import io.micronaut.http.HttpStatus;

/** The registry holds no event about the number. */
public final class NumberNotFoundException extends ApiProblemException {

    public NumberNotFoundException(String e164) {
        super(HttpStatus.NOT_FOUND, "UNKNOWN_NUMBER", "the registry has no events about " + e164);
    }
}
