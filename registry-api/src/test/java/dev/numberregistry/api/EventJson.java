package dev.numberregistry.api;

/** Event documents as billing posts them to {@code POST /events}, written out as JSON for tests. */
public final class EventJson {

    private EventJson() {
    }

    /**
     * @param fields the type's own fields, as JSON members ({@code "subscriberRef":"s-1","planType":"PREPAID"}),
     *               or empty
     */
    public static String event(String id, String number, String type, String occurredAt, String source, String fields) {
        return """
                {"eventId":"%s","number":"%s","type":"%s","occurredAt":"%s","source":"%s"%s}"""
                .formatted(id, number, type, occurredAt, source, fields.isEmpty() ? "" : "," + fields);
    }

    /** An event from billing. */
    public static String event(String id, String number, String type, String occurredAt, String fields) {
        return event(id, number, type, occurredAt, "billing", fields);
    }

    /** Events as one batch. */
    public static String batch(String... events) {
        return "[" + String.join(",", events) + "]";
    }
}
