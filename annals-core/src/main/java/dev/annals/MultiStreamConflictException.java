package dev.annals;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A multi-stream append was refused because one or more of its streams did not have the expected
 * version; nothing of it was written, to any stream. {@link #conflicts()} lists each stream that
 * did not match.
 */
public class MultiStreamConflictException extends AnnalsException {

    private final List<EventStoreConflictException> conflicts;

    public MultiStreamConflictException(List<EventStoreConflictException> conflicts) {
        super("Conflict in a multi-stream append, nothing was written: " + conflicts.stream()
                .map(c -> c.stream() + " expected " + c.expectedVersion() + " but is at " + c.actualVersion())
                .collect(Collectors.joining("; ")));
        this.conflicts = List.copyOf(conflicts);
    }

    /** One conflict per stream whose expected version did not match, in the order of the append. */
    public List<EventStoreConflictException> conflicts() {
        return conflicts;
    }
}
