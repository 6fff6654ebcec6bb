package dev.annals.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The components {@code annals generate} knows, with their JSON Schema and example definition. */
public enum ComponentKind {

    SNAPSHOT_STORE("infrastructure_snapshot_store", "SnapshotStore", "snapshotstores",
            "snapshot_type_str", "snapshot_module_str", "SnapshotStoreContract"),
    EVENT_STORE("infrastructure_event_store", "EventStore", "eventstores",
            "event_type_str", "event_module_str", "EventStoreContract");

    private final String id;
    private final String nameSuffix;
    private final String packageSegment;
    private final String typeField;
    private final String moduleField;
    private final String defaultTestClass;

    ComponentKind(String id, String nameSuffix, String packageSegment, String typeField, String moduleField,
            String defaultTestClass) {
        this.id = id;
        this.nameSuffix = nameSuffix;
        this.packageSegment = packageSegment;
        this.typeField = typeField;
        this.moduleField = moduleField;
        this.defaultTestClass = defaultTestClass;
    }

    /** The field naming the stored type: {@code snapshot_type_str} (the state) or {@code event_type_str}. */
    public String typeField() {
        return typeField;
    }

    /** The field naming the stored type's module: {@code snapshot_module_str} or {@code event_module_str}. */
    public String moduleField() {
        return moduleField;
    }

    /** The default of {@code base_interface_name}: {@code SnapshotStore} or {@code EventStore}. */
    public String defaultInterface() {
        return nameSuffix;
    }

    /** The default of {@code base_test_class_name}: the Annals conformance suite. */
    public String defaultTestClass() {
        return defaultTestClass;
    }

    /** The name used in definitions and on the command line, e.g. {@code infrastructure_snapshot_store}. */
    public String id() {
        return id;
    }

    /** The suffix store names end with by convention, e.g. {@code SnapshotStore}. */
    public String nameSuffix() {
        return nameSuffix;
    }

    /** The package under {@code <root>.infrastructure} its stores go to, e.g. {@code snapshotstores}. */
    public String packageSegment() {
        return packageSegment;
    }

    /** The JSON Schema of its definitions. */
    public String schema() {
        return resource(id + ".schema.json");
    }

    /** A valid example definition. */
    public String example() {
        return resource(id + ".example.json");
    }

    /** The kind named {@code id}, if any. */
    public static Optional<ComponentKind> byId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
    }

    /** The ids of all kinds, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(ComponentKind::id).collect(Collectors.joining(", "));
    }

    private static String resource(String name) {
        try (InputStream in = ComponentKind.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the generator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
