package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.internal.SnapshotHash;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks stored snapshots: the SHA-256 over (stream, version, state) of every one, and for the
 * categories whose domain this tool knows (tickets), that the state equals a fold of the stream's
 * events up to the snapshot's version.
 */
final class SnapshotVerifier {

    /** One snapshot checked. {@code folded} is false when the category's fold is unknown here. */
    record Finding(String stream, long version, boolean hashOk, boolean folded, boolean stateOk, String detail) {

        boolean ok() {
            return hashOk && stateOk;
        }
    }

    private final Annals annals;
    private final EventStore<UUID, TicketEvent> tickets;

    SnapshotVerifier(Annals annals) {
        this.annals = annals;
        this.tickets = annals.eventStore(Ticketing.TICKETS);
    }

    /** Checks every snapshot of every stream, reporting each to {@code sink}. */
    void verifyAll(Consumer<Finding> sink) {
        String after = "";
        List<StreamInfo> page;
        do {
            page = annals.backend().listStreams(after, 1000);
            for (StreamInfo info : page) {
                if (info.snapshots() > 0) {
                    verify(info.stream()).forEach(sink);
                }
                after = info.stream();
            }
        } while (!page.isEmpty());
    }

    /** Checks every snapshot of one stream. */
    List<Finding> verify(String stream) {
        return verify(annals.backend().snapshots(stream));
    }

    /** Checks the given stored snapshots, in their order. */
    List<Finding> verify(List<StoredSnapshot> snapshots) {
        List<Finding> findings = new ArrayList<>();
        for (StoredSnapshot snapshot : snapshots) {
            findings.add(verifyOne(snapshot));
        }
        return findings;
    }

    /** One snapshot; whatever is wrong with it (a damaged state, an id of another shape) is a finding, not a crash. */
    private Finding verifyOne(StoredSnapshot snapshot) {
        try {
            return verify(snapshot);
        } catch (RuntimeException e) {
            return new Finding(snapshot.stream(), snapshot.version(), true, false, false, "cannot be checked: " + e.getMessage());
        }
    }

    private Finding verify(StoredSnapshot snapshot) {
        String stream = snapshot.stream();
        String actual = SnapshotHash.of(stream, snapshot.version(), snapshot.state());
        if (!actual.equals(snapshot.hash())) {
            return new Finding(stream, snapshot.version(), false, false, false,
                    "hash mismatch: stored " + abbreviate(snapshot.hash()) + ", computed " + abbreviate(actual));
        }
        if (!Ticketing.TICKETS.contains(stream)) {
            return new Finding(stream, snapshot.version(), true, false, true, "hash ok (no fold known for this category)");
        }
        TicketSnapshot stored = Ticketing.TICKETS.codec().read(snapshot.state(), TicketSnapshot.class);
        TicketSnapshot folded = fold(Ticketing.TICKETS.idOf(stream), snapshot.version());
        if (!stored.equals(folded)) {
            return new Finding(stream, snapshot.version(), true, true, false,
                    "state differs from a fold of the events: snapshot " + stored + ", fold " + folded);
        }
        return new Finding(stream, snapshot.version(), true, true, true, "ok");
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }

    private TicketSnapshot fold(UUID id, long upTo) {
        TicketSnapshot state = null;
        try (Stream<RecordedEvent<TicketEvent>> events = tickets.readStream(id, -1)) {
            Iterator<RecordedEvent<TicketEvent>> iterator = events.iterator();
            while (iterator.hasNext()) {
                RecordedEvent<TicketEvent> event = iterator.next();
                if (event.version() > upTo) {
                    break;
                }
                state = Ticket.fold(state, event.payload());
            }
        }
        return state;
    }
}
