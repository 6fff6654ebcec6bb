package dev.annals;

import java.util.List;

/**
 * What an append did.
 *
 * @param version the stream's version after the append; -1 for an empty append to a new stream
 * @param positions the global positions of the appended events, in order
 * @param duplicate true when the append was a retry whose events were already stored, so nothing was written
 */
public record AppendResult(long version, List<Long> positions, boolean duplicate) {

    public AppendResult {
        positions = List.copyOf(positions);
    }
}
