package dev.annals.generator;

import java.util.List;

/**
 * The default stream category of an aggregate type, derived from its state or event type: the
 * snake_case of the type without its role suffix ({@code TicketSnapshot} and {@code TicketEvent}
 * both give {@code ticket}), so that the snapshots and the events of one aggregate share their
 * stream names ({@code ticket-<id>}). Stateless.
 */
final class CategoryName {

    private static final List<String> STATE_SUFFIXES = List.of("SnapshotData", "SnapshotState", "Snapshot", "State", "Data");
    private static final List<String> EVENT_SUFFIXES = List.of("Events", "Event");

    private CategoryName() {
    }

    static String forType(ComponentKind kind, String typeName) {
        List<String> suffixes = kind == ComponentKind.SNAPSHOT_STORE ? STATE_SUFFIXES : EVENT_SUFFIXES;
        for (String suffix : suffixes) {
            if (typeName.endsWith(suffix) && typeName.length() > suffix.length()) {
                return TypeNameMapper.snakeCase(typeName.substring(0, typeName.length() - suffix.length()));
            }
        }
        return TypeNameMapper.snakeCase(typeName);
    }
}
