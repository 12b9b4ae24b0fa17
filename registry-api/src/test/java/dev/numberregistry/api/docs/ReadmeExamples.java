package dev.numberregistry.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of a README, each with what it says the example prints: the comment lines
 * right after a command ({@code # {"status":400,...}}, {@code # HTTP/1.1 403 Forbidden}), and a
 * {@code json} block that follows the example before the next heading. A comment at the start of
 * an example, or after a blank line, is prose, as is one at the end of a command's line.
 */
final class ReadmeExamples {

    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");

    /** One {@code sh} block, from its first line (counted from 1 in the README). */
    record Example(int line, String script, List<ExpectedOutput> expected) {
        boolean mentions(String text) {
            return script.contains(text);
        }
    }

    private record Block(int line, String language, List<String> lines, boolean headingBefore) {
    }

    private ReadmeExamples() {
    }

    static List<Example> in(Path readme) throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(readme));
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (!block.language().equals("sh")) {
                continue;
            }
            List<ExpectedOutput> expected = new ArrayList<>(commentedOutput(block));
            if (i + 1 < blocks.size() && blocks.get(i + 1).language().equals("json") && !blocks.get(i + 1).headingBefore()) {
                expected.add(new ExpectedOutput.Json(json(String.join("\n", blocks.get(i + 1).lines()), block)));
            }
            examples.add(new Example(block.line(), String.join("\n", block.lines()), List.copyOf(expected)));
        }
        return examples;
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        boolean headingSinceLastBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                headingSinceLastBlock |= lines.get(i).startsWith("#");
                continue;
            }
            String indent = open.group(1);
            List<String> content = new ArrayList<>();
            int start = i + 1;
            for (i = start; i < lines.size() && !lines.get(i).equals(indent + "```"); i++) {
                String line = lines.get(i);
                content.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
            }
            blocks.add(new Block(start, open.group(2), content, headingSinceLastBlock));
            headingSinceLastBlock = false;
        }
        return blocks;
    }

    /** The comment lines that follow a command: lines of text, or JSON values that may run over several lines. */
    private static List<ExpectedOutput> commentedOutput(Block block) {
        List<ExpectedOutput> expected = new ArrayList<>();
        List<String> lines = block.lines();
        boolean afterCommand = false;
        StringBuilder json = null;
        for (String line : lines) {
            boolean comment = line.startsWith("#");
            if (!comment) {
                afterCommand = !line.isBlank();
                continue;
            }
            if (!afterCommand) {
                continue;
            }
            String text = line.substring(1).strip();
            if (json == null && (text.startsWith("{") || text.startsWith("["))) {
                json = new StringBuilder();
            }
            if (json == null) {
                expected.add(new ExpectedOutput.Line(text));
                continue;
            }
            json.append(text).append('\n');
            Map.Entry<JsonNode, Integer> value = ExpectedOutput.firstValue(json.toString());
            if (value != null) {
                // What follows the value on its line (": the same holder since 2015") is prose.
                expected.add(new ExpectedOutput.Json(value.getKey()));
                json = null;
            }
        }
        if (json != null) {
            throw new IllegalArgumentException("README line " + block.line() + ": a commented answer that is not "
                    + "valid JSON: " + json);
        }
        return expected;
    }

    private static JsonNode json(String text, Block after) {
        Map.Entry<JsonNode, Integer> value = ExpectedOutput.firstValue(text);
        if (value == null) {
            throw new IllegalArgumentException("README: the json block after line " + after.line() + " is not valid JSON");
        }
        return value.getKey();
    }
}
