package dev.numberregistry.api.intake;

import io.micronaut.json.tree.JsonNode;

/**
 * One event document as posted: its parsed JSON, and its bytes exactly as they came, which a
 * rejection keeps.
 */
public record PostedDocument(JsonNode json, byte[] raw) {
}
