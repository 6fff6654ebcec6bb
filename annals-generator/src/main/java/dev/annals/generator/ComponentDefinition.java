package dev.annals.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A valid definition as written, with the defaults of its schema applied. The snapshot store's
 * {@code snapshot_type_str}/{@code snapshot_module_str} and the event store's
 * {@code event_type_str}/{@code event_module_str} are both {@link #typeName()}/{@link #typeModule()}.
 *
 * @param snapshotWrapperName {@code snapshot_wrapper_name}; null for an event store
 * @param snapshotWrapperModule {@code snapshot_wrapper_module}; null for an event store
 * @param categoryName {@code category_name}; null to derive it from the type
 */
public record ComponentDefinition(
        ComponentKind kind,
        String storeName,
        String aggregateIdType,
        String typeName,
        String typeModule,
        String baseInterfaceName,
        String baseInterfaceModule,
        @Nullable String snapshotWrapperName,
        @Nullable String snapshotWrapperModule,
        String baseTestClassName,
        String baseTestClassModule,
        StoreType storeType,
        @Nullable String categoryName,
        @Nullable String description) {

    static final String ANNALS = "dev.annals";
    static final String TESTKIT = "dev.annals.testkit";

    /** Binds a definition that {@link DefinitionValidator} found valid. */
    static ComponentDefinition from(ComponentKind kind, JsonNode node) {
        boolean snapshots = kind == ComponentKind.SNAPSHOT_STORE;
        return new ComponentDefinition(
                kind,
                node.path("store_name").asText(),
                node.path("aggregate_id_type_str").asText(),
                node.path(kind.typeField()).asText(),
                node.path(kind.moduleField()).asText(),
                text(node, "base_interface_name", kind.defaultInterface()),
                text(node, "base_interface_module", ANNALS),
                snapshots ? text(node, "snapshot_wrapper_name", "Snapshot") : null,
                snapshots ? text(node, "snapshot_wrapper_module", ANNALS) : null,
                text(node, "base_test_class_name", kind.defaultTestClass()),
                text(node, "base_test_class_module", TESTKIT),
                StoreType.byId(text(node, "store_type", StoreType.IN_MEMORY.id())),
                node.hasNonNull("category_name") ? node.get("category_name").asText() : null,
                node.hasNonNull("description") ? node.get("description").asText() : null);
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        return node.hasNonNull(field) ? node.get(field).asText() : defaultValue;
    }
}
