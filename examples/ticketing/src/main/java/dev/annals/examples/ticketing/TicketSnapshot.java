package dev.annals.examples.ticketing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The state of a {@link Ticket}, as a snapshot stores it. Immutable. */
public record TicketSnapshot(
        UUID id,
        String title,
        String reporter,
        Priority priority,
        TicketStatus status,
        @Nullable String assignee,
        long comments,
        @Nullable String lastCommentAuthor,
        int reopenCount,
        Instant openedAt) {
}
