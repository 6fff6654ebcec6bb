package dev.annals.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.annals.SerializationException;
import java.io.IOException;

/**
 * JSON through Jackson: records, {@code java.time}, {@code Optional}, UUIDs. Unknown properties are
 * ignored on read so that a field removed from a class does not break old events. Thread-safe.
 */
public final class JsonCodec {

    private final ObjectMapper mapper;

    /** A codec with Annals' default mapper. */
    public JsonCodec() {
        this(defaultMapper());
    }

    /** A codec with the user's own mapper (its configuration is used as is). */
    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper Annals uses unless told otherwise. */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .addModule(new ParameterNamesModule())
                .addModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("Cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new SerializationException("Cannot read JSON as " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
