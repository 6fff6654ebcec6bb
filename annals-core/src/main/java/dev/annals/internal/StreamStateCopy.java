package dev.annals.internal;

import dev.annals.CopyStreamStateException;
import dev.annals.CopyTargetNotEmptyException;
import dev.annals.Limits;
import dev.annals.StreamState;
import dev.annals.spi.Capability;
import dev.annals.spi.LogFilter;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredStreamState;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The states of the copied streams beyond their events, carried by a store copy: soft deletes, hard deletes
 * and truncations ({@link StreamState}), recorded in the target with
 * {@link dev.annals.spi.StreamRemoval#restoreStreamState}. A truncated stream's mark goes before its
 * remaining events (without it they could not keep their versions; {@link CopyWriter} then appends them
 * with {@code NO_STREAM}), every other mark after the events, so that the events of a soft-deleted stream
 * are appended as they were first written. When deletes are left out ({@code CopyOptions.withoutStreamStates()}),
 * only truncations are carried.
 *
 * <p>At every point of a copy the target's marks are a part of the source's: the same truncation, and a
 * soft or hard delete only as the source has it; a target with other marks is refused when the copy
 * starts. Memory: one page of states. Not thread-safe.
 */
final class StreamStateCopy {

    private static final int PAGE = 500;

    private final StorageBackend source;
    private final StorageBackend target;
    private final LogFilter filter;
    private final boolean withDeletes;
    private long recorded;
    private long carried;

    StreamStateCopy(StorageBackend source, StorageBackend target, LogFilter filter, boolean withDeletes) {
        this.source = source;
        this.target = target;
        this.filter = filter;
        this.withDeletes = withDeletes;
    }

    /**
     * Refuses, before anything is written, a copy whose target cannot keep a state it must carry.
     *
     * @throws CopyStreamStateException naming the first such stream, its state and the capability the target lacks
     */
    void requireRoom() {
        forEachState(source, entry -> {
            StreamState carriedState = carried(entry.state());
            if (carriedState.removed()) {
                Optional<Capability> missing = CheckedBackend.missingToKeep(carriedState, target.capabilities());
                if (missing.isPresent()) {
                    throw new CopyStreamStateException(missing.get(), target.describe(), entry.stream(), entry.state());
                }
            }
        });
    }

    /**
     * Refuses a target whose marks are not a part of this copy's.
     *
     * @throws CopyTargetNotEmptyException naming the first stream whose marks differ
     */
    void requirePrefix() {
        forEachState(target, entry -> {
            StreamState held = entry.state();
            StreamState wanted = carried(source.streamState(entry.stream()));
            boolean part = held.truncatedBefore() == wanted.truncatedBefore()
                    && (held.deletedBefore() == 0 || held.deletedBefore() == wanted.deletedBefore())
                    && (!held.hardDeleted() || wanted.hardDeleted());
            if (!part) {
                throw new CopyTargetNotEmptyException(target.describe(), "its stream " + Limits.shown(entry.stream())
                        + " has other deletes or truncations than the copy carries");
            }
        });
    }

    /** Records the truncation marks of the copied streams that the target lacks, before their events are copied. */
    void recordTruncations() {
        forEachState(source, entry -> {
            long before = entry.state().truncatedBefore();
            if (before > 0 && target.streamState(entry.stream()).truncatedBefore() != before) {
                target.restoreStreamState(entry.stream(), new StreamState(before - 1, 0, before, false));
                recorded++;
            }
        });
    }

    /** Records every mark the copy carries, once the events are copied; returns how many streams have one. */
    long recordAll() {
        carried = 0;
        forEachState(source, entry -> {
            StreamState wanted = carried(entry.state());
            if (!wanted.removed()) {
                return;
            }
            carried++;
            StreamState held = target.streamState(entry.stream());
            if (held.deletedBefore() != wanted.deletedBefore() || held.truncatedBefore() != wanted.truncatedBefore()
                    || held.hardDeleted() != wanted.hardDeleted()) {
                target.restoreStreamState(entry.stream(), wanted);
                recorded++;
            }
        });
        return carried;
    }

    /** Whether the copy carries deletes, not only truncations. */
    boolean withDeletes() {
        return withDeletes;
    }

    /** How many marks this run recorded in the target. */
    long recorded() {
        return recorded;
    }

    /** What of {@code state} the copy carries: all of it, or only the truncation when deletes are left out. */
    StreamState carried(StreamState state) {
        return withDeletes ? state : new StreamState(state.lastVersion(), 0, state.truncatedBefore(), false);
    }

    /** Each deleted or truncated stream of the copied categories in {@code backend}, a page at a time. */
    void forEachState(StorageBackend backend, Consumer<StoredStreamState> action) {
        @Nullable String after = null;
        while (true) {
            List<StoredStreamState> page = backend.streamStates(after, PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (StoredStreamState entry : page) {
                if (StoreCopy.inCopy(filter, entry.stream())) {
                    action.accept(entry);
                }
            }
            after = page.get(page.size() - 1).stream();
        }
    }
}
