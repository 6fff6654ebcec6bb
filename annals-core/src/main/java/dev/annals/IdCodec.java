package dev.annals;

import java.util.UUID;
import java.util.function.Function;

/**
 * Turns aggregate ids into the text of stream names and back. UUID, String and Long are built in.
 * Implementations are immutable and thread-safe.
 */
public interface IdCodec<ID> {

    String encode(ID id);

    ID decode(String text);

    /** The id type, for error messages. */
    Class<ID> idType();

    static IdCodec<UUID> uuid() {
        return of(UUID.class, UUID::toString, UUID::fromString);
    }

    static IdCodec<String> string() {
        return of(String.class, s -> {
            InvalidArgumentException.require(!s.isEmpty(), "aggregate id must not be empty");
            return s;
        }, s -> s);
    }

    static IdCodec<Long> longs() {
        return of(Long.class, String::valueOf, Long::valueOf);
    }

    static <ID> IdCodec<ID> of(Class<ID> idType, Function<ID, String> encode, Function<String, ID> decode) {
        return new IdCodec<>() {
            @Override
            public String encode(ID id) {
                return encode.apply(id);
            }

            @Override
            public ID decode(String text) {
                return decode.apply(text);
            }

            @Override
            public Class<ID> idType() {
                return idType;
            }
        };
    }
}
