package dev.annals.serialization;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the stored JSON of one event type from one schema version to the next, on read.
 * Stored events are never changed; old events load into the current class.
 */
public interface Upcaster {

    /** The current type name of the event class this applies to (also when the event was stored under an alias). */
    String typeName();

    /** The schema version it reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** Rewrites {@code json} in place or returns a new tree. */
    ObjectNode upcast(ObjectNode json);

    /** An upcaster from a lambda. */
    static Upcaster of(String typeName, int fromVersion, java.util.function.UnaryOperator<ObjectNode> rewrite) {
        return new Upcaster() {
            @Override
            public String typeName() {
                return typeName;
            }

            @Override
            public int fromVersion() {
                return fromVersion;
            }

            @Override
            public ObjectNode upcast(ObjectNode json) {
                return rewrite.apply(json);
            }
        };
    }
}
