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
 */
public record CopyReport(Side source, Side target, List<String> categories, long copied, long resumed, long snapshotsCopied,
        List<String> differingStreams, long differingStreamCount, double copySeconds, double seconds) {

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
     */
    public record Side(String store, long streams, long events, long snapshots, String eventDigest, String snapshotDigest) {
    }

    public CopyReport {
        categories = List.copyOf(categories);
        differingStreams = List.copyOf(differingStreams);
    }

    /** Whether both sides hold the same streams, events and snapshots: equal counts and equal digests. */
    @JsonProperty("verified")
    public boolean verified() {
        return differingStreamCount == 0 && source.streams() == target.streams() && source.events() == target.events()
                && source.snapshots() == target.snapshots() && source.eventDigest().equals(target.eventDigest())
                && source.snapshotDigest().equals(target.snapshotDigest());
    }

    /** Events written per second while this run copied events. */
    @JsonProperty("eventsPerSecond")
    public double eventsPerSecond() {
        return copySeconds <= 0 ? 0 : copied / copySeconds;
    }
}
