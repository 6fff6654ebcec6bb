package dev.annals;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@link Annals#copy} did and what its verification found: each side's streams, events and snapshots
 * with a SHA-256 digest over them, compared.
 *
 * @param categories the categories copied; empty for every stream
 * @param copied events written by this run
 * @param resumed events the target held already, a prefix of this copy left by an earlier run
 * @param snapshotsCopied snapshot revisions written to the target
 * @param differingStreams up to ten streams whose version or snapshots differ between the sides
 * @param differingStreamCount how many streams differ in all
 * @param copySeconds the time this run took to copy the events (resume point, pages, appends)
 * @param seconds the time the whole run took: events, snapshots and verification
 * @param streamStatesRecorded deletes and truncations of streams this run recorded in the target
 * @param deletesLeftOut whether the copy left the streams' deletes out ({@link CopyOptions#withoutStreamStates()})
 * @param checkpoints the checkpoints of the source's subscriptions written to the target, each mapped to the
 *     target's position of the same event (parked events are not copied)
 */
public record CopyReport(Side source, Side target, List<String> categories, long copied, long resumed, long snapshotsCopied,
        List<String> differingStreams, long differingStreamCount, double copySeconds, double seconds,
        long streamStatesRecorded, boolean deletesLeftOut, List<Checkpoint> checkpoints) {

    /**
     * A subscription partition's checkpoint as the copy carried it.
     *
     * @param sourcePosition the position of the last event it handled, in the source
     * @param targetPosition the target's position of that event (of the last copied one before it when that event was
     *     not copied; 0 when none was): where the subscription continues after, in the target
     */
    public record Checkpoint(String subscription, int partition, long sourcePosition, long targetPosition) {
    }

    /**
     * One store as the verification read it.
     *
     * @param store the store as it describes itself
     * @param streams streams (of the copied categories) with events
     * @param events events read from its log (of the copied categories, up to the position copied)
     * @param snapshots stored snapshot revisions of those streams
     * @param eventDigest SHA-256, hex, over each event's stream, id, version, type, schema version, recorded-at,
     *     metadata and payload, in log order (positions, which each store gives itself, take no part)
     * @param snapshotDigest SHA-256, hex, over each stream's snapshot revisions, in stream name order
     * @param streamStates deleted or truncated streams (of the copied categories) whose state the copy carries:
     *     on the source side what the copy carries of them, on the target side what it holds
     * @param streamStateDigest SHA-256, hex, over those streams' names and states, in stream name order
     */
    public record Side(String store, long streams, long events, long snapshots, String eventDigest, String snapshotDigest,
            long streamStates, String streamStateDigest) {

        /** A side without deleted or truncated streams. */
        public Side(String store, long streams, long events, long snapshots, String eventDigest, String snapshotDigest) {
            this(store, streams, events, snapshots, eventDigest, snapshotDigest, 0, "");
        }
    }

    public CopyReport {
        categories = List.copyOf(categories);
        differingStreams = List.copyOf(differingStreams);
        checkpoints = List.copyOf(checkpoints);
    }

    /** A report of a copy that recorded no deletes or truncations of streams. */
    public CopyReport(Side source, Side target, List<String> categories, long copied, long resumed, long snapshotsCopied,
            List<String> differingStreams, long differingStreamCount, double copySeconds, double seconds) {
        this(source, target, categories, copied, resumed, snapshotsCopied, differingStreams, differingStreamCount, copySeconds,
                seconds, 0, false, List.of());
    }

    /** Whether both sides hold the same streams, events, snapshots and stream states: equal counts and equal digests. */
    @JsonProperty("verified")
    public boolean verified() {
        return differingStreamCount == 0 && source.streams() == target.streams() && source.events() == target.events()
                && source.snapshots() == target.snapshots() && source.eventDigest().equals(target.eventDigest())
                && source.snapshotDigest().equals(target.snapshotDigest()) && source.streamStates() == target.streamStates()
                && source.streamStateDigest().equals(target.streamStateDigest());
    }

    /** Events written per second while this run copied events. */
    @JsonProperty("eventsPerSecond")
    public double eventsPerSecond() {
        return copySeconds <= 0 ? 0 : copied / copySeconds;
    }
}
