package dev.annals.nats;

import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.AppendDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds stored events by id for {@link AppendDecision}: an id's claim names its stream and the version
 * its append was to take, so only that stream's commits from that version on are read. Thread-safe.
 */
final class EventLookup implements AppendDecision.Lookup<RuntimeException> {

    private final IdClaims claims;
    private final CommitReads reads;

    EventLookup(IdClaims claims, CommitReads reads) {
        this.claims = claims;
        this.reads = reads;
    }

    @Override
    public List<StoredEvent> byIds(List<UUID> ids) {
        Map<String, Long> fromVersion = new HashMap<>();
        for (UUID id : ids) {
            claims.find(id).ifPresent(claim -> fromVersion.merge(claim.stream(), claim.version(), Math::min));
        }
        Set<UUID> wanted = new HashSet<>(ids);
        List<StoredEvent> found = new ArrayList<>();
        for (Map.Entry<String, Long> stream : fromVersion.entrySet()) {
            long after = stream.getValue() - 1;
            while (true) {
                List<StoredEvent> page = reads.readStream(stream.getKey(), after, 1000);
                for (StoredEvent event : page) {
                    if (wanted.contains(event.eventId())) {
                        found.add(event);
                    }
                }
                if (page.size() < 1000) {
                    break;
                }
                after = page.get(page.size() - 1).version();
            }
        }
        return found;
    }

    @Override
    public Optional<StoredEvent> at(String stream, long version) {
        if (version < 0) {
            return Optional.empty();
        }
        List<StoredEvent> page = reads.readStream(stream, version - 1, 1);
        return page.isEmpty() || page.get(0).version() != version ? Optional.empty() : Optional.of(page.get(0));
    }
}
