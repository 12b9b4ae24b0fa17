package dev.numberregistry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate for schema changes: data written with any released version must stay readable by
 * the current code, because topics and changelogs keep old records for ever.
 */
class ReleasedSchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> wireTypes() {
        return ReleasedSchemas.WIRE_TYPES.stream();
    }

    @ParameterizedTest
    @MethodSource("wireTypes")
    void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        List<String> problems =
                unreadableVersions(type.getSimpleName(), current(type), ReleasedSchemas.of(type));

        assertThat(problems).as("released versions the current schema cannot read").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("wireTypes")
    void currentSchemaIsTheLatestReleaseOrACompatibleSuccessor(Class<? extends SpecificRecord> type) {
        List<Schema> released = ReleasedSchemas.of(type);
        List<Long> fingerprints =
                released.stream().map(SchemaNormalization::parsingFingerprint64).toList();
        int matching = fingerprints.indexOf(SchemaNormalization.parsingFingerprint64(current(type)));

        if (matching >= 0) {
            assertThat(matching + 1)
                    .as("%s equals released v%d, but v%d is newer: was a release rolled back?",
                            type.getSimpleName(), matching + 1, released.size())
                    .isEqualTo(released.size());
        } else {
            // Not released yet: allowed, as long as it reads everything that was.
            assertThat(unreadableVersions(type.getSimpleName(), current(type), released)).isEmpty();
        }
    }

    @Test
    void checkerReportsANewRequiredFieldWithoutDefaultAsIncompatible() {
        Schema v1 = ReleasedSchemas.of(NumberEvent.class).get(0);
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
        fields.add(new Schema.Field("channel", Schema.create(Schema.Type.STRING), "no default"));
        Schema broken = Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false,
                fields);

        List<String> problems = unreadableVersions("NumberEvent", broken, List.of(v1));

        assertThat(problems).singleElement().asString()
                .contains("NumberEvent v1", "READER_FIELD_MISSING_DEFAULT", "channel");
    }

    @Test
    void checkerReportsARemovedEnumSymbolAsIncompatible() {
        Schema v1 = ReleasedSchemas.of(NumberEvent.class).get(0);
        String allKinds = "\"symbols\":[\"FRAUD\",\"SPAM\",\"CREDIT\",\"ARREARS\",\"OTHER\"]";
        assertThat(v1.toString()).contains(allKinds);
        Schema broken = new Schema.Parser().parse(
                v1.toString().replace(allKinds, "\"symbols\":[\"FRAUD\",\"SPAM\",\"CREDIT\",\"ARREARS\"]"));

        List<String> problems = unreadableVersions("NumberEvent", broken, List.of(v1));

        assertThat(problems).singleElement().asString()
                .contains("NumberEvent v1", "FlagRaised changed", "MISSING_ENUM_SYMBOLS", "OTHER");
    }

    @Test
    void everyWireTypeHasAReleaseAndAMissingTypeFailsLoudly() {
        wireTypes().forEach(type -> assertThat(ReleasedSchemas.of(type)).isNotEmpty());

        assertThatThrownBy(() -> ReleasedSchemas.of("NoSuchRecord"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released/NoSuchRecord/v1.avsc");
    }

    /**
     * The one check all tests above use, so the tests that break a schema on purpose prove that
     * the real gate fails. One line per released version the reader cannot read.
     */
    static List<String> unreadableVersions(String typeName, Schema reader, List<Schema> writers) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            SchemaCompatibilityResult result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writers.get(i)).getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(typeName + " v" + (i + 1) + " cannot be read by the current schema: "
                        + explain(result));
            }
        }
        return problems;
    }

    private static String explain(SchemaCompatibilityResult result) {
        return result.getIncompatibilities().stream()
                .map(ReleasedSchemaCompatibilityTest::explain)
                .collect(Collectors.joining("; "));
    }

    /**
     * Every payload sits in a union, and Avro reports an incompatible change inside a payload only
     * as "reader union lacking writer type: RECORD". Say which record changed, and how.
     */
    private static String explain(Incompatibility problem) {
        StringBuilder line = new StringBuilder(problem.getType() + " at " + problem.getLocation()
                + ": " + problem.getMessage());
        Schema reader = problem.getReaderFragment();
        Schema writer = problem.getWriterFragment();
        if (problem.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH && reader.isUnion()) {
            // When the writer is a union too, the location ends with the index of its failing branch.
            String location = problem.getLocation();
            Schema writerBranch = writer.isUnion()
                    ? writer.getTypes().get(Integer.parseInt(location.substring(location.lastIndexOf('/') + 1)))
                    : writer;
            for (Schema readerBranch : reader.getTypes()) {
                if (writerBranch.getType() == Schema.Type.RECORD
                        && readerBranch.getFullName().equals(writerBranch.getFullName())) {
                    line.append(" (").append(writerBranch.getName()).append(" changed: ")
                            .append(explain(SchemaCompatibility
                                    .checkReaderWriterCompatibility(readerBranch, writerBranch).getResult()))
                            .append(')');
                }
            }
        }
        return line.toString();
    }

    private static Schema current(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
