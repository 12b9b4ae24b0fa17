package dev.numberregistry.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of each wire type, as checked in under
 * {@code released/<TypeName>/v<N>.avsc} next to this class. Data written with any of them may
 * sit in a topic or a changelog for ever, so the current code must keep reading all of them.
 */
public final class ReleasedSchemas {

    /** The records that go on the wire; each has its own folder of released versions. */
    public static final List<Class<? extends SpecificRecord>> WIRE_TYPES =
            List.of(NumberEvent.class, NumberState.class, RejectedEvent.class, NumberReminder.class,
                    NumberRecycleNotification.class);

    private static final String NAMESPACE = "dev.numberregistry.schema";
    private static final Map<String, List<Schema>> CACHE = new ConcurrentHashMap<>();

    private ReleasedSchemas() {}

    /** Versions 1..N of the given generated record, oldest first. */
    public static List<Schema> of(Class<? extends SpecificRecord> type) {
        return of(type.getSimpleName());
    }

    /**
     * Versions 1..N of the type with this simple name, oldest first. Loading stops at the first
     * missing version, so a gap (v1, v2, v4) hides everything after it: number versions densely.
     *
     * @throws IllegalStateException if not even v1 exists, or a file is not a schema of that type
     */
    public static List<Schema> of(String typeName) {
        return CACHE.computeIfAbsent(typeName, ReleasedSchemas::load);
    }

    private static List<Schema> load(String typeName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = "released/" + typeName + "/v" + version + ".avsc";
            try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(parse(typeName, resource, in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("No released schema for " + typeName + ": expected "
                    + NAMESPACE.replace('.', '/') + "/released/" + typeName + "/v1.avsc on the classpath");
        }
        return List.copyOf(versions);
    }

    private static Schema parse(String typeName, String resource, InputStream in)
            throws IOException {
        Schema schema;
        try {
            // A parser per file: each file is fully resolved and redefines the same named types.
            schema = new Schema.Parser().parse(in);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("Released schema " + resource + " does not parse", e);
        }
        // Catches a file copied into the wrong folder, which would silently weaken the checks.
        if (!schema.getFullName().equals(NAMESPACE + "." + typeName)) {
            throw new IllegalStateException("Released schema " + resource + " defines "
                    + schema.getFullName() + ", not " + NAMESPACE + "." + typeName);
        }
        return schema;
    }
}
