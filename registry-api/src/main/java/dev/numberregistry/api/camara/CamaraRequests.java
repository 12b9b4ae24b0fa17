package dev.numberregistry.api.camara;

import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.regex.Pattern;

/** What every CAMARA operation does with its request: read the body, and the phone number in it. */
@Singleton
class CamaraRequests {

    private static final Pattern CONTRACT_PHONE_NUMBER = Pattern.compile(CamaraApis.PHONE_NUMBER_PATTERN);

    private final JsonMapper json;

    CamaraRequests(JsonMapper json) {
        this.json = json;
    }

    /** The body as the request type: anything unreadable is 400 INVALID_ARGUMENT, in CAMARA's words. */
    <T> T read(String body, Class<T> type) {
        try {
            T request = body == null || body.isBlank() ? null : json.readValue(body, type);
            if (request == null) {
                throw new CamaraException(CamaraError.invalidArgument("The request body is required."));
            }
            return request;
        } catch (IOException e) {
            throw new CamaraException(CamaraError.invalidArgument("The request body is not valid: " + e.getMessage()));
        }
    }

    /**
     * The subject of the request. A two-legged token names no subscriber, so the number must be
     * in the request: without it, 422 MISSING_IDENTIFIER.
     */
    static PhoneNumber phoneNumberOf(String phoneNumber) {
        requireContractForm(phoneNumber);
        try {
            return PhoneNumber.parse(phoneNumber);
        } catch (InvalidPhoneNumberException e) {
            throw new CamaraException(CamaraError.invalidArgument("phoneNumber: " + e.reason() + "."));
        }
    }

    /** The number is there and written as the contracts' {@code PhoneNumber} pattern asks. */
    static void requireContractForm(String phoneNumber) {
        if (phoneNumber == null) {
            throw new CamaraException(CamaraError.of(HttpStatus.UNPROCESSABLE_ENTITY, "MISSING_IDENTIFIER",
                    "The phone number cannot be identified."));
        }
        if (!CONTRACT_PHONE_NUMBER.matcher(phoneNumber).matches()) {
            throw new CamaraException(CamaraError.invalidArgument(
                    "phoneNumber must be in E.164 form: + and 5 to 15 digits, e.g. +123456789."));
        }
    }

    static CamaraException notFound() {
        return new CamaraException(CamaraError.of(HttpStatus.NOT_FOUND, "IDENTIFIER_NOT_FOUND",
                "Phone number not found."));
    }
}
