package dev.annals.generator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * Parses definition text into a JSON tree and tells which component it defines: the
 * {@code component} field when it names one, otherwise the fields decide (an
 * {@code event_type_str} or {@code event_module_str} makes it an event store; anything else is taken
 * as a snapshot store, the seed's component, whose example has no {@code component} field).
 * Thread-safe.
 */
final class DefinitionReader {

    // Duplicate keys are almost always a copy-paste slip; the last one silently winning would hide it.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DefinitionReader() {
    }

    /** The JSON tree of {@code text}; a syntax error is an {@link InvalidDefinitionException} naming line and column. */
    static JsonNode parse(String text, String source) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw invalid(source, "is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw invalid(source, "is not valid JSON" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The component {@code definition} describes, by the rule above. */
    static ComponentKind kindOf(JsonNode definition) {
        String declared = definition.path("component").asText("");
        return ComponentKind.byId(declared).orElseGet(() ->
                definition.has(ComponentKind.EVENT_STORE.typeField()) || definition.has(ComponentKind.EVENT_STORE.moduleField())
                        ? ComponentKind.EVENT_STORE : ComponentKind.SNAPSHOT_STORE);
    }

    private static InvalidDefinitionException invalid(String source, String message) {
        return new InvalidDefinitionException(source, List.of(new DefinitionProblem(DefinitionProblem.DOCUMENT, message)));
    }
}
