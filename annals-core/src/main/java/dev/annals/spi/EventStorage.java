package dev.annals.spi;

import dev.annals.AppendResult;
import java.util.List;
import java.util.OptionalLong;

/**
 * The role of a backend that stores event streams: atomic appends with optimistic concurrency,
 * and reads of one stream in version order.
 *
 * <p>Arguments arrive checked (see {@link StorageBackend}); implementations are thread-safe.
 */
public interface EventStorage {

    /**
     * Appends atomically, all or nothing; see {@link AppendRequest} for the checks it makes. The
     * decision between writing, a conflict, a retry and a duplicate id is
     * {@link dev.annals.spi.support.AppendDecision}'s, which every backend applies.
     */
    AppendResult append(AppendRequest request);

    /**
     * Appends to several streams in one transaction, all or nothing: when any append fails its
     * check, nothing is written and a {@link dev.annals.MultiStreamConflictException} lists every
     * stream whose expected version did not match. The requests name distinct streams. Only
     * backends with {@link Capability#MULTI_STREAM_APPEND} support it.
     *
     * @return the result of each append, in the order of {@code requests}
     */
    default List<AppendResult> appendAll(List<AppendRequest> requests) {
        throw new dev.annals.UnsupportedCapabilityException(Capability.MULTI_STREAM_APPEND, toString());
    }

    /**
     * Up to {@code limit} events of {@code stream} with version greater than {@code afterVersion},
     * in version order. An unknown stream gives an empty list.
     */
    List<StoredEvent> readStream(String stream, long afterVersion, int limit);

    /** The version of the last event of {@code stream}, empty when the stream does not exist. */
    OptionalLong currentVersion(String stream);
}
