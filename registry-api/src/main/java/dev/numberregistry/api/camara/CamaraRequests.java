package dev.numberregistry.api.camara;

import dev.numberregistry.api.json.JsonRecords;
import dev.numberregistry.api.json.StrictJson;
import dev.numberregistry.api.json.UnreadableJsonException;
import dev.numberregistry.core.number.InvalidPhoneNumberException;
import dev.numberregistry.core.number.PhoneNumber;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/** What every CAMARA operation does with its request: read the body, and the phone number in it. */
@Singleton
class CamaraRequests {

    private static final Pattern CONTRACT_PHONE_NUMBER = Pattern.compile(CamaraApis.PHONE_NUMBER_PATTERN);

    /**
     * The body as the request type, read as strictly as an event (see {@link JsonRecords}):
     * anything unreadable is 400 INVALID_ARGUMENT, saying in the caller's terms where and what.
     */
    <T extends Record> T read(byte[] body, Class<T> type) {
        if (body == null || isBlank(body)) {
            throw required();
        }
        JsonNode json;
        try {
            // The bytes as they came, so that what is not UTF-8 is refused, not mended.
            json = StrictJson.readOne(body);
        } catch (UnreadableJsonException e) {
            throw invalid(e);
        }
        if (json.isNull()) {
            throw required();
        }
        return of(json, type);
    }

    /** A request, or a part of one, as its type: a field of the wrong JSON type is 400 INVALID_ARGUMENT naming it. */
    <T extends Record> T of(JsonNode json, Class<T> type) {
        try {
            return JsonRecords.read(json, type);
        } catch (UnreadableJsonException e) {
            throw invalid(e);
        }
    }

    /** Nothing but JSON's white space. */
    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static CamaraException required() {
        return new CamaraException(CamaraError.invalidArgument("The request body is required."));
    }

    /** The reader's sentence, written as the contracts' messages are: capitalised, with a full stop. */
    private static CamaraException invalid(UnreadableJsonException e) {
        String sentence = e.getMessage();
        return new CamaraException(CamaraError.invalidArgument(
                Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1) + "."));
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
