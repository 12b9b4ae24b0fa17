package dev.numberregistry.api.web;

import io.micronaut.http.HttpStatus;

/** Ops asked about a subscription no bank made. */
public final class SubscriptionNotFoundException extends ApiProblemException {

    public SubscriptionNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "UNKNOWN_SUBSCRIPTION", "no subscription has the id " + id);
    }
}
