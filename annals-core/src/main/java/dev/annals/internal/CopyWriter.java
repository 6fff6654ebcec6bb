package dev.annals.internal;

import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;
import dev.annals.Limits;
import dev.annals.StorageException;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes events read from a source's log to a target in the same order, each with its id, version,
 * recorded-at time, metadata and payload: consecutive events of one stream become one append (expecting
 * the version before the first, so the versions stay the source's), and consecutive appends to distinct
 * streams one multi-stream append where the target has {@link Capability#MULTI_STREAM_APPEND}. Each
 * append is atomic, so whatever stops the copy, the target holds a prefix of the source's log. Within
 * the {@link Limits} of one append. Not thread-safe.
 */
final class CopyWriter {

    private final StorageBackend target;
    private final boolean multiStream;
    private final List<AppendRequest> batch = new ArrayList<>();
    private final Set<String> batchStreams = new HashSet<>();
    private final List<StoredEvent> run = new ArrayList<>();
    private int batchEvents;
    private long batchBytes;
    private long runBytes;

    CopyWriter(StorageBackend target) {
        this.target = target;
        this.multiStream = target.capabilities().contains(Capability.MULTI_STREAM_APPEND);
    }

    /** Writes {@code events}, in this order, before returning. */
    void write(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            long size = (long) event.metadata().length + event.payload().length;
            boolean continuesRun = !run.isEmpty() && run.get(0).stream().equals(event.stream())
                    && run.get(run.size() - 1).version() + 1 == event.version()
                    && run.size() < Limits.MAX_APPEND_EVENTS && runBytes + size <= Limits.MAX_APPEND_BYTES;
            if (!continuesRun) {
                endRun();
            }
            run.add(event);
            runBytes += size;
        }
        endRun();
        flush();
    }

    private void endRun() {
        if (run.isEmpty()) {
            return;
        }
        String stream = run.get(0).stream();
        if (batchStreams.contains(stream) || batchEvents + run.size() > Limits.MAX_APPEND_EVENTS
                || batchBytes + runBytes > Limits.MAX_APPEND_BYTES || !multiStream) {
            flush();
        }
        batch.add(request(run));
        batchStreams.add(stream);
        batchEvents += run.size();
        batchBytes += runBytes;
        run.clear();
        runBytes = 0;
    }

    /** One append of a run of one stream's events: its times kept per event where they differ from the first's. */
    private static AppendRequest request(List<StoredEvent> run) {
        StoredEvent first = run.get(0);
        Instant appendTime = first.recordedAt();
        List<NewEvent> events = new ArrayList<>(run.size());
        for (StoredEvent event : run) {
            Instant own = event.recordedAt().equals(appendTime) ? null : event.recordedAt();
            events.add(new NewEvent(event.eventId(), event.type(), event.schemaVersion(), event.metadata(), event.payload(), own));
        }
        long expected = first.version() == 0 ? AppendRequest.NO_STREAM : first.version() - 1;
        return new AppendRequest(first.stream(), expected, events, appendTime);
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<AppendResult> results = batch.size() == 1 ? List.of(appendOne(batch.get(0)))
                : multiStream ? appendAll() : appendOneByOne();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).duplicate()) {
                // Only a writer other than this copy can have stored these events since the resume point was found.
                throw new StorageException("The copy found the events of its append to " + Limits.shown(batch.get(i).stream())
                        + " already in the target " + target.describe() + ": another process writes to it; stop it and copy again");
            }
        }
        batch.clear();
        batchStreams.clear();
        batchEvents = 0;
        batchBytes = 0;
    }

    private List<AppendResult> appendOneByOne() {
        List<AppendResult> results = new ArrayList<>(batch.size());
        for (AppendRequest request : batch) {
            results.add(appendOne(request));
        }
        return results;
    }

    /** One append; again after a truncation's mark when it found the stream absent there (see {@link #afterMark}). */
    private AppendResult appendOne(AppendRequest request) {
        try {
            return target.append(request);
        } catch (EventStoreConflictException conflict) {
            return target.append(afterMark(request).orElseThrow(() -> conflict));
        }
    }

    /** The batch as one multi-stream append; again, all or nothing, with the streams found absent after a mark changed. */
    private List<AppendResult> appendAll() {
        try {
            return target.appendAll(batch);
        } catch (MultiStreamConflictException conflict) {
            List<AppendRequest> again = new ArrayList<>(batch.size());
            boolean changed = false;
            for (AppendRequest request : batch) {
                Optional<AppendRequest> changedRequest = afterMark(request);
                changed |= changedRequest.isPresent();
                again.add(changedRequest.orElse(request));
            }
            if (!changed) {
                throw conflict;
            }
            return target.appendAll(again);
        }
    }

    /**
     * {@code request} expecting {@code NO_STREAM} when its stream reads as absent in the target and its versions
     * continue where the request's events start: the remaining events of a truncated stream, after the mark
     * {@link StreamStateCopy} recorded (a stream holding none of its events reads as absent, and {@code NO_STREAM}
     * writes at the version after the mark); empty when the conflict is real.
     */
    private Optional<AppendRequest> afterMark(AppendRequest request) {
        if (request.expectedVersion() < 0) {
            return Optional.empty();
        }
        StreamState state = target.streamState(request.stream());
        if (state.exists() || state.hardDeleted() || state.nextVersion() != request.expectedVersion() + 1) {
            return Optional.empty();
        }
        return Optional.of(new AppendRequest(request.stream(), AppendRequest.NO_STREAM, request.events(), request.recordedAt()));
    }
}
