package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What makes event ids unique across event streams: before a commit is published, each of its event
 * ids is claimed in the store's id stream, on a subject of its own that holds at most one message
 * ({@code max_msgs_per_subject: 1} with {@code discard_new_per_subject}). The server stores the first
 * claim of an id and refuses every later one (error 10077); being a limit of the stream's store, this
 * holds on every replica alike in steady operation; across a change of leader nats-server 2.9 may store a
 * second claim, so the first one stored is the claim, and on a replicated store a claimant checks that its
 * claim is the first before it goes on. A claim names the event
 * stream that claimed the id and the version it was to take; the id belongs to that stream from then
 * on, even if its commit never follows (a crash between claim and commit): only an append to that
 * stream may then store it. Thread-safe.
 */
final class IdClaims {

    /** An id's claim: the event stream that claimed it, and the first version of the append that did. */
    record Claim(String stream, long version) {
    }

    private final JetStreamCalls calls;
    private final StoreLayout layout;
    private final Duration timeout;
    private final boolean replicated;

    IdClaims(JetStreamCalls calls, StoreLayout layout, Duration timeout, boolean replicated) {
        this.calls = calls;
        this.layout = layout;
        this.timeout = timeout;
        this.replicated = replicated;
    }

    /**
     * Claims {@code ids} for {@code stream}, all at once (the publishes are pipelined).
     *
     * @return the ids that were claimed before (by this stream or another); empty when every id was free
     */
    List<UUID> claim(String stream, long version, List<UUID> ids) {
        byte[] body = encode(stream, version);
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            acks.add(calls.jetStream().publishAsync(layout.idSubject(id), body));
        }
        List<UUID> taken = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                PublishAck ack = acks.get(i).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (replicated && !isFirst(ids.get(i), ack.getSeqno())) {
                    taken.add(ids.get(i));
                }
            } catch (ExecutionException e) {
                JetStreamApiException api = apiError(e);
                if (api != null && api.getApiErrorCode() == JetStreamCalls.SUBJECT_FULL) {
                    taken.add(ids.get(i));
                } else {
                    throw JetStreamCalls.failed("claiming event id " + ids.get(i) + " for stream " + stream,
                            e.getCause() instanceof Exception cause ? cause : e);
                }
            } catch (TimeoutException e) {
                throw new StorageException("NATS did not acknowledge the claim of event id " + ids.get(i) + " within " + timeout
                        + "; nothing of the append to " + stream + " was committed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while claiming the event ids of an append to " + stream, e);
            }
        }
        return taken;
    }

    private static @Nullable JetStreamApiException apiError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JetStreamApiException api) {
                return api;
            }
        }
        return null;
    }

    /**
     * Whether the claim stored at {@code seq} is the id's first: on a replicated store a change of leader can
     * let a second claim of an id through the one-message limit, and the first one stored is the claim.
     */
    private boolean isFirst(UUID id, long seq) {
        return calls.next(layout.idsStream(), 1, layout.idSubject(id)).map(first -> first.getSeq() == seq).orElse(false);
    }

    /** The claim of {@code id} (its first), if it was claimed. */
    Optional<Claim> find(UUID id) {
        return calls.next(layout.idsStream(), 1, layout.idSubject(id)).map(IdClaims::decode);
    }

    private static byte[] encode(String stream, long version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stream.length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(version);
            out.write(stream.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Claim decode(MessageInfo message) {
        byte[] data = message.getData();
        if (data == null || data.length < Long.BYTES) {
            throw new StorageException("The id claim at sequence " + message.getSeq() + " of " + message.getSubject() + " is damaged");
        }
        long version = ByteBuffer.wrap(data, 0, Long.BYTES).getLong();
        return new Claim(new String(data, Long.BYTES, data.length - Long.BYTES, StandardCharsets.UTF_8), version);
    }
}
