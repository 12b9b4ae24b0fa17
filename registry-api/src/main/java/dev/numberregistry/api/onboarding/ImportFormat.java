package dev.numberregistry.api.onboarding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.numberregistry.api.json.JsonSyntax;
import dev.numberregistry.core.event.InvalidEventException;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How a file of existing numbers writes each one: a JSON object per line, or a CSV row per line
 * under a header. Either way a line becomes the same document, the fields of a NumberImported
 * event ({@link dev.numberregistry.api.intake.EventDocuments} reads it): a CSV column named
 * {@code holder.tenureStart} is the {@code tenureStart} of the {@code holder} object, an empty
 * cell is no value, and the {@code flags} cell holds a JSON array.
 */
public sealed interface ImportFormat {

    /** The document a line holds. @throws InvalidEventException when the line cannot be read */
    JsonNode document(String line);

    /** Whether the line before the first number is a header to read rather than a number. */
    boolean hasHeader();

    /** A format that has read its header (CSV); the same format otherwise. */
    ImportFormat withHeader(String header);

    static ImportFormat forFileName(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? new Csv(null) : new JsonLines();
    }

    /** One JSON object per line (JSON Lines, NDJSON). */
    record JsonLines() implements ImportFormat {

        private static final JsonFactory JSON = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();

        @Override
        public JsonNode document(String line) {
            try (JsonParser parser = JSON.createParser(line)) {
                if (parser.nextToken() == null) {
                    throw new InvalidEventException("the line is empty: each line is one number, as a JSON object");
                }
                JsonNode document = JsonNodeTreeCodec.getInstance().readTree(parser);
                if (parser.nextToken() != null) {
                    throw new InvalidEventException("something follows the JSON object on the line; one number a line");
                }
                return document;
            } catch (JsonProcessingException e) {
                throw new InvalidEventException("the line is not valid JSON"
                        + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()) + ": "
                        + JsonSyntax.describe(e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasHeader() {
            return false;
        }

        @Override
        public ImportFormat withHeader(String header) {
            return this;
        }
    }

    /** Comma-separated values, RFC 4180 quoting, one number a row, the columns named by the header. */
    record Csv(List<String> columns) implements ImportFormat {

        private static final CSVFormat FORMAT = CSVFormat.RFC4180;
        private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,18}");
        private static final String FLAGS = "flags";

        @Override
        public boolean hasHeader() {
            return true;
        }

        /** @throws InvalidEventException when a column is named twice, or not at all */
        @Override
        public ImportFormat withHeader(String header) {
            // Spreadsheets often begin a UTF-8 file with a byte order mark: it is not part of a name.
            List<String> named = cells(header.startsWith("\uFEFF") ? header.substring(1) : header);
            Set<String> seen = new HashSet<>();
            for (String column : named) {
                if (column.isBlank()) {
                    throw new InvalidEventException("a column has no name");
                }
                if (!seen.add(column)) {
                    throw new InvalidEventException("column '" + column + "' is named twice");
                }
            }
            return new Csv(List.copyOf(named));
        }

        @Override
        public JsonNode document(String line) {
            List<String> cells = cells(line);
            if (cells.size() != columns.size()) {
                throw new InvalidEventException("the row has " + cells.size() + " cells and the header "
                        + columns.size() + " columns");
            }
            Map<String, JsonNode> document = new LinkedHashMap<>();
            Map<String, Map<String, JsonNode>> nested = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                String cell = cells.get(i);
                if (cell.isEmpty()) {
                    continue;
                }
                JsonNode value = column.equals(FLAGS) ? new JsonLines().document(cell) : cellValue(column, cell);
                int dot = column.indexOf('.');
                if (dot < 0) {
                    document.put(column, value);
                } else {
                    nested.computeIfAbsent(column.substring(0, dot), object -> new LinkedHashMap<>())
                            .put(column.substring(dot + 1), value);
                }
            }
            nested.forEach((object, fields) -> document.put(object, JsonNode.createObjectNode(fields)));
            return JsonNode.createObjectNode(document);
        }

        /** A CSV cell is text; the one whole-number field (an assignment number) is a number. */
        private static JsonNode cellValue(String column, String cell) {
            return column.endsWith("assignmentNumber") && WHOLE_NUMBER.matcher(cell).matches()
                    ? JsonNode.createNumberNode(Long.parseLong(cell))
                    : JsonNode.createStringNode(cell);
        }

        private static List<String> cells(String line) {
            try (CSVParser parser = CSVParser.parse(new StringReader(line), FORMAT)) {
                List<CSVRecord> records = parser.getRecords();
                if (records.size() != 1) {
                    throw new InvalidEventException("a row is one line of the file");
                }
                return records.get(0).toList();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                throw new InvalidEventException("the row is not valid CSV: " + e.getMessage());
            }
        }
    }
}
