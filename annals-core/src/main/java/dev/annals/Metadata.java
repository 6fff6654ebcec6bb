package dev.annals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What is known about an event besides its payload: why it happened and who caused it.
 *
 * @param correlationId the id shared by everything one request caused
 * @param causationId the id of the message or event that caused this one
 * @param actor who or what caused it (a user, a service)
 * @param extra free keys
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Metadata(
        @Nullable UUID correlationId, @Nullable UUID causationId, @Nullable String actor, Map<String, String> extra) {

    public static final Metadata EMPTY = new Metadata(null, null, null, Map.of());

    public Metadata {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return correlationId == null && causationId == null && actor == null && extra.isEmpty();
    }

    public Metadata withCorrelationId(UUID id) {
        return new Metadata(id, causationId, actor, extra);
    }

    public Metadata withCausationId(UUID id) {
        return new Metadata(correlationId, id, actor, extra);
    }

    public Metadata withActor(String who) {
        return new Metadata(correlationId, causationId, who, extra);
    }

    public Metadata with(String key, String value) {
        var copy = new java.util.HashMap<>(extra);
        copy.put(key, value);
        return new Metadata(correlationId, causationId, actor, copy);
    }
}
