package dev.numberregistry.schema;

/**
 * The schema registry could not be asked (down, unreachable, refusing the credentials, answering
 * 5xx). Not the record's fault: the caller must not reject the record but try it again later.
 */
public class SchemaSourceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaSourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
