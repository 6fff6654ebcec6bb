package dev.annals.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.Metadata;
import dev.annals.SerializationException;
import dev.annals.serialization.JsonCodec;
import dev.annals.spi.support.SystemMetadata;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Metadata as stored: JSON, or no bytes at all when it is empty (the common case). */
public final class MetadataCodec {

    private static final byte[] NONE = new byte[0];
    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();
    private static final ObjectWriter WRITER = MAPPER.writerFor(Metadata.class);
    private static final ObjectReader READER = JsonCodec.defaultMapper().readerFor(Metadata.class);

    private MetadataCodec() {
    }

    public static byte[] write(Metadata metadata) {
        if (metadata.isEmpty()) {
            return NONE;
        }
        try {
            return WRITER.writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new SerializationException("Cannot write metadata: " + e.getMessage(), e);
        }
    }

    /**
     * The metadata as stored, with {@code traceparent} (when not null) in its system part
     * ({@link SystemMetadata}); one write, no second parse.
     */
    public static byte[] write(Metadata metadata, @Nullable String traceparent) {
        if (traceparent == null) {
            return write(metadata);
        }
        ObjectNode object = MAPPER.valueToTree(metadata);
        object.putObject(SystemMetadata.KEY).put(SystemMetadata.TRACEPARENT, traceparent);
        try {
            return MAPPER.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new SerializationException("Cannot write metadata: " + e.getMessage(), e);
        }
    }

    /** The user's metadata; the system part ({@link SystemMetadata}) is left out. */
    public static Metadata read(byte[] json) {
        if (json == null || json.length == 0) {
            return Metadata.EMPTY;
        }
        try {
            return READER.readValue(json);
        } catch (IOException e) {
            throw new SerializationException("Cannot read stored metadata: " + e.getMessage(), e);
        }
    }
}
