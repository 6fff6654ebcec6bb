package dev.annals.nats;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.AppendDecision;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Appends: one JetStream message per commit, on the subject of its stream and first version, in an
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
 * checks the limit before it has applied what the old one accepted. There every commit also expects the
 * whole events stream to be at the sequence read just before ({@code Nats-Expected-Last-Sequence}), the
 * one check that stayed serial on a 3-node 2.9.10 cluster; so appends to a replicated store are serialized
 * across the store (one commit per round trip), the price of not losing or doubling a commit there.
 *
 * <p>An append that expects a version this process saw last ({@link StreamHeads}) publishes at once, without
 * reading the stream first: if the stream moved on meanwhile, the subject of that version is taken and the
 * append is decided again on what it then reads.
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
    private final IdClaims claims;
    private final EventLookup lookup;
    private final StreamHeads heads;
    private final boolean replicated;
    private final long maxPayload;

    CommitWriter(JetStreamCalls calls, StoreLayout layout, CommitReads reads, IdClaims claims, boolean replicated, long maxPayload) {
        this.calls = calls;
        this.layout = layout;
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
            long current = head.lastVersion();
            Optional<AppendResult> decided = AppendDecision.decideLazily(request, current, lookup);
            if (decided.isPresent()) {
                return decided.get();
            }
            byte[] body = CommitCodec.encode(stream, current + 1, head.seq(), request.recordedAt(), request.events());
            if (body.length > maxPayload) {
                throw new InvalidArgumentException("an append to " + dev.annals.Limits.shown(stream) + " takes " + body.length
                        + " bytes as one NATS message; the server's max_payload allows at most " + maxPayload
                        + " (one append is one message: JetStream before 2.12 has no atomic multi-message publish)");
            }
            List<UUID> ids = ids(request);
            List<UUID> taken = claims.claim(stream, current + 1, ids);
            if (!taken.isEmpty()) {
                List<StoredEvent> stored = lookup.byIds(ids);
                if (!stored.isEmpty()) {
                    return AppendDecision.afterTakenId(request, lookup);
                }
                refuseForeignClaims(request, taken);
            }
            PublishOptions.Builder options = PublishOptions.builder().messageId(ids.get(0).toString());
            if (replicated) {
                options.expectedLastSequence(calls.info(layout.eventsStream()).getStreamState().getLastSequence());
            }
            PublishAck ack;
            try {
                ack = calls.publish(layout.subject(stream, current + 1), null, body, options.build());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamCalls.SUBJECT_FULL || e.getApiErrorCode() == JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    continue;
                }
                throw JetStreamCalls.failed("appending to " + stream, e);
            } catch (IOException e) {
                throw new AppendOutcomeUnknownException(stream, e);
            }
            if (ack.isDuplicate()) {
                return AppendDecision.afterTakenId(request, lookup);
            }
            heads.appended(stream, ack.getSeqno(), current + ids.size());
            List<Long> positions = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                positions.add(Positions.of(ack.getSeqno(), i));
            }
            return new AppendResult(current + ids.size(), positions, false);
        }
        throw new StorageException("The append to " + stream + " was decided " + MAX_ATTEMPTS
                + " times and each time another append to the stream came first; nothing was written");
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
