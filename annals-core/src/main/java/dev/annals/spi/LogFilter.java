package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import java.util.List;
import java.util.Set;

/**
 * Which events of the global log a reader wants: those whose stream name starts with one of
 * {@code streamPrefixes} (a category's {@code name-}), and whose type is one of {@code types}; an
 * empty list or set means no condition.
 */
public record LogFilter(List<String> streamPrefixes, Set<String> types) {

    /** Every event. */
    public static final LogFilter ALL = new LogFilter(List.of(), Set.of());

    public LogFilter {
        InvalidArgumentException.requireNonNull(streamPrefixes, "stream prefixes");
        InvalidArgumentException.requireNonNull(types, "types");
        streamPrefixes = List.copyOf(streamPrefixes);
        types = Set.copyOf(types);
    }

    /** Whether the filter lets every event through. */
    public boolean isAll() {
        return streamPrefixes.isEmpty() && types.isEmpty();
    }

    public boolean matches(StoredEvent event) {
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        if (streamPrefixes.isEmpty()) {
            return true;
        }
        for (String prefix : streamPrefixes) {
            if (event.stream().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
