package dev.annals.nats;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.DuplicateEventIdException;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.AppendDecision;
import dev.annals.spi.support.RemovalDecision;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Appends and deletes: one JetStream message per commit, on the subject of its stream and first version, in an
 * events stream that keeps one message per subject and refuses a second one
 * ({@code max_msgs_per_subject: 1}, {@code discard_new_per_subject}). Two appends decided on the same
 * state of a stream take the same first version, so the server stores one and refuses the other (error
 * 10077), which is decided again and reported as a conflict, a retry or a duplicate id by
 * {@link AppendDecision}. Every commit's first version follows the last version of the commit it was
 * decided on, so a stream's commits form one chain whatever the order of the races.
 *
 * <p>Why not {@code Nats-Expected-Last-Subject-Sequence}: on a replicated stream of nats-server 2.9 it is
 * only checked before the write is proposed, so concurrent appends expecting the same sequence can all
 * be stored (nats-server #4320; the conformance kit's race test saw four winners of one round on a
 * 3-node cluster), and an expectation of 0 can leave replicas inconsistent (#5794). A per-subject limit
 * is applied by every replica's store as it applies the write, the same on all of them, so it decides
 * one winner on a cluster as on a single server; a first commit needs no special case either.
 *
 * <p>On a replicated store that is not enough: across a change of leader, nats-server 2.9 stored a second
 * message on a subject limited to one (the fault test saw it after a leader was killed), as the new leader
 * checks the limit before it has applied what the old one accepted. There every message also expects the
 * whole events stream to be at the sequence read just before ({@code Nats-Expected-Last-Sequence}), the
 * one check that stayed serial on a 3-node 2.9.10 cluster, and once messages were removed the stream must have
 * no message after the one decided on either; so appends to a replicated store are
 * serialized across the store (one commit per round trip), the price of not losing or doubling a commit there,
 * and what makes deletes safe there ({@link #publishOnHead}). A delete is a mark in the stream's chain,
 * published as an append is.
 *
 * <p>An append that expects a version this process saw last ({@link StreamHeads}) is decided without reading
 * the stream first: if the stream moved on meanwhile, the subject of that version is taken (or, on a replicated
 * store that removed messages, the check before the publish sees it) and the append is decided again on what it
 * then reads.
 *
 * <p>Retries: the commit's {@code Nats-Msg-Id} is its first event id, so a retry within the duplicate window
 * is answered with the original ack, which is then compared with the request as any retry is; beyond the
 * window the event ids' claims find the stored events. An append larger than the server's
 * {@code max_payload} is refused before anything is written. Each thread waits for its own ack only, so
 * appends from many threads are in flight together. Thread-safe.
 */
final class CommitWriter {

    /** Decisions made again when concurrent appends keep moving the stream; then the append gives up. */
    private static final int MAX_ATTEMPTS = 1000;

    private final JetStreamCalls calls;
    private final StoreLayout layout;
    private final CommitReads reads;
    private final IdClaims claims;
    private final EventLookup lookup;
    private final StreamHeads heads;
    private final boolean replicated;
    private final long maxPayload;
    private final Duration timeout;
    /**
     * On a replicated store, the publishes of this process take turns from reading the store's last sequence to
     * the ack (fair): every publish there expects the whole store to be at that sequence, so two of one process
     * in flight together would fail one of them, and a failed publish is still a proposal every replica applies
     * and counts (nats-server 2.9.10 has let replicas diverge in such counts across restarts, RELIABILITY.md).
     * The claims, reads and decisions before stay concurrent.
     */
    private final ReentrantLock turn = new ReentrantLock(true);

    CommitWriter(JetStreamCalls calls, StoreLayout layout, CommitReads reads, IdClaims claims, boolean replicated, long maxPayload,
            Duration timeout) {
        this.timeout = timeout;
        this.calls = calls;
        this.layout = layout;
        this.reads = reads;
        this.claims = claims;
        this.lookup = new EventLookup(claims, reads);
        this.heads = new StreamHeads(reads);
        this.replicated = replicated;
        this.maxPayload = maxPayload;
    }

    EventLookup lookup() {
        return lookup;
    }

    AppendResult append(AppendRequest request) {
        String stream = request.stream();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            StreamHeads.Head head = attempt == 0 ? heads.known(request) : null;
            if (head == null) {
                head = heads.read(stream);
            }
            StreamState state = head.state();
            Optional<AppendResult> decided = AppendDecision.decideLazily(request, state, lookup);
            if (decided.isPresent()) {
                return decided.get();
            }
            long first = state.nextVersion();
            Commit.Marks marks = head.carried();
            byte[] body = CommitCodec.encode(stream, first, head.seq(), marks, request.recordedAt(), request.events());
            if (body.length > maxPayload) {
                throw new InvalidArgumentException("an append to " + dev.annals.Limits.shown(stream) + " takes " + body.length
                        + " bytes as one NATS message; the server's max_payload allows at most " + maxPayload
                        + " (one append is one message: JetStream before 2.12 has no atomic multi-message publish)");
            }
            List<UUID> ids = ids(request);
            List<UUID> taken = claims.claim(stream, first, ids);
            if (!taken.isEmpty()) {
                List<StoredEvent> stored = lookup.byIds(ids);
                if (!stored.isEmpty()) {
                    return afterTakenId(request);
                }
                refuseForeignClaims(request, taken);
            }
            PublishAck ack;
            try {
                ack = publishOnHead(stream, head, first, head.nextIndex(), body, ids.get(0).toString());
            } catch (IOException e) {
                throw new AppendOutcomeUnknownException(stream, e);
            }
            if (ack == null) {
                continue;
            }
            if (ack.isDuplicate()) {
                return afterTakenId(request);
            }
            heads.appended(new Commit(stream, ack.getSeqno(), first, head.seq(), request.recordedAt(), request.events(), marks));
            List<Long> positions = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                positions.add(Positions.of(ack.getSeqno(), i));
            }
            return new AppendResult(first + ids.size() - 1, positions, false);
        }
        throw new StorageException("The append to " + stream + " was decided " + MAX_ATTEMPTS
                + " times and each time another append to the stream came first; nothing was written");
    }

    /**
     * Decides an append whose ids are stored already (a retry, or a reuse) against the stream's state read now: the
     * head the append was decided on may be one this process only remembered (or assumed, for {@code NO_STREAM}),
     * which can miss a delete, after which {@code NO_STREAM} no longer means version 0.
     */
    private AppendResult afterTakenId(AppendRequest request) {
        return AppendDecision.afterTakenId(request, heads.read(request.stream()).state(), lookup);
    }

    /**
     * Writes the mark of a delete of {@code stream}, decided by {@link RemovalDecision#decideDelete} on the stream's
     * last message and serialized with the appends as they are. Empty when the decision writes nothing (a soft
     * delete of a stream that reads as absent).
     */
    Optional<Commit> delete(String stream, long expectedVersion, DeleteMode mode) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            StreamHeads.Head head = heads.read(stream);
            StreamState state = head.state();
            if (!RemovalDecision.decideDelete(stream, state, expectedVersion, mode)) {
                return Optional.empty();
            }
            StreamState after = mode == DeleteMode.SOFT ? RemovalDecision.softDeleted(state)
                    : new StreamState(state.lastVersion(), state.deletedBefore(), 0, true);
            Optional<Commit> mark = writeMark(stream, head, after, "delete of");
            if (mark.isPresent()) {
                return mark;
            }
        }
        throw new StorageException("The delete of " + stream + " was decided " + MAX_ATTEMPTS
                + " times and each time an append to the stream came first; nothing was deleted");
    }

    /**
     * Writes the marks of {@code restored} as {@code stream}'s (a copy recording them), decided by
     * {@link RemovalDecision#decideRestore} on the stream's last message and its first stored event. Empty when
     * the stream has them already.
     */
    Optional<Commit> restore(String stream, StreamState restored) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            StreamHeads.Head head = heads.read(stream);
            if (!RemovalDecision.decideRestore(stream, head.state(), reads.firstStoredVersion(stream), restored)) {
                return Optional.empty();
            }
            StreamState after = StreamState.stored(head.lastVersion(), restored.deletedBefore(), 0, restored.hardDeleted());
            Optional<Commit> mark = writeMark(stream, head, after, "recording of the marks of");
            if (mark.isPresent()) {
                return mark;
            }
        }
        throw new StorageException("The marks of " + stream + " were decided " + MAX_ATTEMPTS
                + " times and each time an append to the stream came first; nothing was recorded");
    }

    /** Publishes a mark that leaves {@code stream} in state {@code after}, decided on {@code head}; empty when it must be decided again. */
    private Optional<Commit> writeMark(String stream, StreamHeads.Head head, StreamState after, String doing) {
        long next = after.nextVersion();
        int index = next == head.state().nextVersion() ? head.nextIndex() : 0;
        Commit.Marks marks = new Commit.Marks(after.deletedBefore(), after.hardDeleted(), index);
        Instant now = Instant.now();
        byte[] body = CommitCodec.encode(stream, next, head.seq(), marks, now, List.of());
        heads.forget(stream);
        PublishAck ack;
        try {
            ack = publishOnHead(stream, head, next, index, body, null);
        } catch (IOException e) {
            throw new StorageException("The outcome of the " + doing + " stream " + stream + " is unknown (the connection to NATS failed: "
                    + e.getMessage() + "); read the stream's state, then ask again", e);
        }
        return ack == null ? Optional.empty() : Optional.of(new Commit(stream, ack.getSeqno(), next, head.seq(), now, List.of(), marks));
    }

    /**
     * Publishes a message decided on {@code head} at its place, the subject of {@code firstVersion} and
     * {@code index}; null when that place was taken meanwhile (decide again). On a replicated store the message also
     * expects the whole events stream to be at the last sequence read just before, which is what keeps one commit
     * per place across a change of leader on nats-server 2.9; and when that read shows that messages were ever
     * removed (a hard delete's purge), the stream must have no message after {@code head} either. A hard delete
     * publishes a mark, then removes messages, which frees their subjects: an append decided on a head older than
     * the mark (one this process remembered, or one read before the delete) would otherwise find its place free and
     * be stored behind the mark. With the check, the mark either came before the sequence was read (then it is a
     * message after {@code head}) or moves the store on (then the server refuses the publish). A store that never
     * removed a message has no free place behind a head, and pays nothing for it.
     *
     * @param messageId the {@code Nats-Msg-Id} (a retry within the duplicate window is answered with the first ack), or null
     */
    private @Nullable PublishAck publishOnHead(String stream, StreamHeads.Head head, long firstVersion, int index, byte[] body,
            @Nullable String messageId) throws IOException {
        PublishOptions.Builder options = PublishOptions.builder();
        if (messageId != null) {
            options.messageId(messageId);
        }
        String subject = layout.subject(stream, firstVersion, index);
        if (!replicated) {
            return publish(stream, subject, body, options);
        }
        boolean inTurn = awaitTurn();
        try {
            io.nats.client.api.StreamState store = calls.info(layout.eventsStream()).getStreamState();
            if (removedAny(store) && movedOn(stream, head)) {
                return null;
            }
            options.expectedLastSequence(store.getLastSequence());
            return publish(stream, subject, body, options);
        } finally {
            if (inTurn) {
                turn.unlock();
            }
        }
    }

    private @Nullable PublishAck publish(String stream, String subject, byte[] body, PublishOptions.Builder options) throws IOException {
        try {
            return calls.publish(subject, null, body, options.build());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamCalls.SUBJECT_FULL || e.getApiErrorCode() == JetStreamCalls.WRONG_LAST_SEQUENCE) {
                return null;
            }
            throw JetStreamCalls.failed("writing to " + stream, e);
        }
    }

    /**
     * Waits for this process's turn to read the store's last sequence and publish on a replicated store, up to the
     * request timeout; false when it did not come (the publish then goes on without it: the server's check still
     * decides, the turn only keeps this process's own publishes from failing each other's expectation).
     */
    private boolean awaitTurn() {
        try {
            return turn.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting to publish to " + layout.eventsStream(), e);
        }
    }

    /** Whether messages were ever removed from the events stream: it no longer starts at 1, or has holes. */
    private static boolean removedAny(io.nats.client.api.StreamState store) {
        return store.getFirstSequence() > 1 || store.getDeletedCount() > 0;
    }

    /**
     * Whether {@code stream} has a message after {@code head}: the next one on its subjects after the head's sequence
     * (a short scan, the head being recent), or, for a stream decided as new, any message.
     */
    private boolean movedOn(String stream, StreamHeads.Head head) {
        return head.seq() == 0 ? reads.lastCommit(stream).isPresent()
                : calls.next(layout.eventsStream(), head.seq() + 1, layout.streamSubjects(stream)).isPresent();
    }

    /** Ids claimed before but stored nowhere belong to the stream that claimed them: another stream may not take them. */
    private void refuseForeignClaims(AppendRequest request, List<UUID> taken) {
        for (UUID id : taken) {
            Optional<IdClaims.Claim> claim = claims.find(id);
            if (claim.isPresent() && !claim.get().stream().equals(request.stream())) {
                throw new DuplicateEventIdException(id, request.stream(), "it is claimed by an append to stream "
                        + claim.get().stream() + " (an event id belongs to the first stream that claims it, even when that append "
                        + "was not completed)");
            }
        }
    }

    private static List<UUID> ids(AppendRequest request) {
        List<UUID> ids = new ArrayList<>(request.events().size());
        for (NewEvent event : request.events()) {
            ids.add(event.eventId());
        }
        return ids;
    }
}
