package dev.numberregistry.schema;

/**
 * The bytes are not a record this code can read: not single-object encoded, written with a
 * schema that was never released, or cut short. Retrying cannot help; the caller should reject
 * the record and keep going.
 */
public class UndecodableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UndecodableRecordException(String message) {
        super(message);
    }

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
