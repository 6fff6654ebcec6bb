package dev.annals.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.annals.Metadata;
import dev.annals.SerializationException;
import dev.annals.serialization.JsonCodec;
import java.io.IOException;

/** Metadata as stored: JSON, or no bytes at all when it is empty (the common case). */
public final class MetadataCodec {

    private static final byte[] NONE = new byte[0];
    private static final ObjectWriter WRITER = JsonCodec.defaultMapper().writerFor(Metadata.class);
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
