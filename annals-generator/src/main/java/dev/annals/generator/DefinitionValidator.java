package dev.annals.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a definition: first against its component's JSON Schema (required fields, types, the
 * {@code store_type} values, identifier patterns, unknown fields), then what a schema cannot say
 * (Java keywords, package names, id types a backend can store). Reports every problem at once,
 * one per field, in the schema's field order. Thread-safe.
 */
final class DefinitionValidator {

    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
    private static final List<String> IDENTIFIER_FIELDS =
            List.of("store_name", "base_interface_name", "snapshot_wrapper_name", "base_test_class_name");

    /** Holds every kind: the constructor loads them all. */
    private final Map<ComponentKind, KindSchema> schemas = new EnumMap<>(ComponentKind.class);

    /** A component's schema and its fields in the schema's order. */
    private record KindSchema(JsonSchema schema, List<String> fieldOrder) {
    }

    DefinitionValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (ComponentKind kind : ComponentKind.values()) {
            JsonSchema schema = factory.getSchema(kind.schema());
            List<String> fields = new ArrayList<>();
            schema.getSchemaNode().path("properties").fieldNames().forEachRemaining(fields::add);
            schemas.put(kind, new KindSchema(schema, List.copyOf(fields)));
        }
    }

    /** Every problem of {@code definition} as a {@code kind}; empty when it is valid. */
    List<DefinitionProblem> validate(ComponentKind kind, JsonNode definition) {
        KindSchema kindSchema = Objects.requireNonNull(schemas.get(kind), "every kind has a schema");
        Map<String, DefinitionProblem> problems = new LinkedHashMap<>();
        for (ValidationMessage message : kindSchema.schema().validate(definition)) {
            DefinitionProblem problem = SchemaMessages.toProblem(message);
            problems.putIfAbsent(problem.field(), problem);
        }
        if (definition.isObject()) {
            new JavaChecks(kind, definition, problems).run();
        }
        List<String> order = kindSchema.fieldOrder();
        List<DefinitionProblem> sorted = new ArrayList<>(problems.values());
        sorted.sort(Comparator.comparingInt(problem -> {
            int index = order.indexOf(problem.field());
            return index < 0 ? (problem.field().equals(DefinitionProblem.DOCUMENT) ? -1 : order.size()) : index;
        }));
        return sorted;
    }

    /** The checks a JSON Schema cannot express; each skips fields the schema already flagged. */
    private static final class JavaChecks {

        private final ComponentKind kind;
        private final JsonNode definition;
        private final Map<String, DefinitionProblem> problems;

        JavaChecks(ComponentKind kind, JsonNode definition, Map<String, DefinitionProblem> problems) {
            this.kind = kind;
            this.definition = definition;
            this.problems = problems;
        }

        void run() {
            for (String field : IDENTIFIER_FIELDS) {
                check(field, () -> TypeNameMapper.requireIdentifier(value(field)));
            }
            String typeField = kind.typeField();
            check(typeField, () -> TypeNameMapper.requireIdentifier(value(typeField)));
            check(kind.moduleField(), () -> {
                if (usable(typeField)) {
                    TypeNameMapper.packageOf(value(kind.moduleField()), value(typeField));
                } else {
                    TypeNameMapper.requirePackage(value(kind.moduleField()).trim(), value(kind.moduleField()));
                }
            });
            checkIdType();
            checkFrameworkType("base_interface_module", "base_interface_name", kind.defaultInterface(), ComponentDefinition.ANNALS);
            if (kind == ComponentKind.SNAPSHOT_STORE) {
                checkFrameworkType("snapshot_wrapper_module", "snapshot_wrapper_name", "Snapshot", ComponentDefinition.ANNALS);
            }
            checkFrameworkType("base_test_class_module", "base_test_class_name", kind.defaultTestClass(), ComponentDefinition.TESTKIT);
            if (!definition.hasNonNull("category_name") && usable(typeField)) {
                String category = CategoryName.forType(kind, value(typeField));
                check(typeField, () -> {
                    if (!CATEGORY.matcher(category).matches()) {
                        throw new MappingException("gives the category name '" + category
                                + "', which is not valid; set category_name");
                    }
                });
            }
        }

        private void checkIdType() {
            check("aggregate_id_type_str", () -> {
                AggregateIdType id = TypeNameMapper.idType(value("aggregate_id_type_str"));
                String storeType = definition.path("store_type").asText(StoreType.IN_MEMORY.id());
                if (!id.builtIn() && !problems.containsKey("store_type") && !storeType.equals(StoreType.IN_MEMORY.id())) {
                    throw new MappingException("a " + storeType + " store stores ids of type java.util.UUID, String or"
                            + " long, not " + id.type() + " (in_memory stores take any id class)");
                }
            });
        }

        private void checkFrameworkType(String moduleField, String nameField, String defaultName, String defaultModule) {
            if (problems.containsKey(nameField)) {
                return;
            }
            String name = definition.hasNonNull(nameField) ? definition.get(nameField).asText() : defaultName;
            check(moduleField, () -> TypeNameMapper.frameworkType(
                    definition.hasNonNull(moduleField) ? value(moduleField) : defaultModule, name));
        }

        /** Runs {@code check} unless the field is absent or already has a problem. */
        private void check(String field, Check check) {
            if (!usable(field)) {
                return;
            }
            try {
                check.run();
            } catch (MappingException e) {
                problems.put(field, new DefinitionProblem(field, e.problem()));
            }
        }

        private boolean usable(String field) {
            return definition.path(field).isTextual() && !problems.containsKey(field);
        }

        private String value(String field) {
            return definition.get(field).asText();
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws MappingException;
    }

    /** Turns the validator library's messages into one short problem per field. */
    private static final class SchemaMessages {

        static DefinitionProblem toProblem(ValidationMessage message) {
            return switch (message.getType()) {
                case "required" -> new DefinitionProblem(message.getProperty(), "is required but missing");
                case "additionalProperties" -> new DefinitionProblem(message.getProperty(), "is not a field of this component");
                default -> atInstance(message);
            };
        }

        /** A problem of the value at the message's instance location. */
        private static DefinitionProblem atInstance(ValidationMessage message) {
            String keyword = message.getType();
            JsonNode instance = message.getInstanceNode();
            String field = field(message.getInstanceLocation());
            String shown = instance == null ? "nothing" : instance.toString();
            String text = switch (keyword) {
                case "type" -> field.equals(DefinitionProblem.DOCUMENT)
                        ? "must be a JSON object, was " + typeOf(instance)
                        : message.getEvaluationPath().contains("anyOf")
                                ? "must be a string or null, was " + typeOf(instance)
                                : "must be a " + message.getSchemaNode().asText() + ", was " + typeOf(instance);
                case "anyOf" -> "must be a string or null, was " + typeOf(instance);
                case "enum" -> "must be one of " + join(message.getSchemaNode()) + ", was " + shown;
                case "const" -> "must be one of " + ComponentKind.ids() + ", was " + shown;
                case "pattern" -> field.equals("category_name")
                        ? shown + " must start with a letter and hold only letters, digits, '_' and '.'"
                        : shown + " is not a valid Java identifier";
                case "minLength" -> "must not be empty";
                default -> message.getMessage().replaceFirst("^\\$[^:]*: ", "");
            };
            return new DefinitionProblem(field, text);
        }

        private static String field(JsonNodePath path) {
            return path.getNameCount() == 0 ? DefinitionProblem.DOCUMENT : path.getName(0);
        }

        private static String typeOf(@Nullable JsonNode node) {
            if (node == null) {
                return "nothing";
            }
            return switch (node.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                case STRING -> "a string";
                default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }

        private static String join(JsonNode values) {
            List<String> names = new ArrayList<>();
            values.forEach(value -> names.add(value.asText()));
            return String.join(", ", names);
        }
    }
}
