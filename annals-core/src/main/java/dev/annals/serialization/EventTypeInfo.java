package dev.annals.serialization;

import java.util.List;

/** How one event class is stored: its stable name, its current schema version and its former names. */
public record EventTypeInfo(Class<?> eventClass, String name, int schemaVersion, List<String> aliases) {

    public EventTypeInfo {
        aliases = List.copyOf(aliases);
    }
}
