package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.subscription.ParkedEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The KV value of a parked event. Stateless. */
final class ParkedCodec {

    private ParkedCodec() {
    }

    static byte[] encode(ParkedEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + event.error().length() * 3);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            writeString(out, event.subscription());
            out.writeInt(event.partition());
            out.writeLong(event.position());
            out.writeLong(event.eventId().getMostSignificantBits());
            out.writeLong(event.eventId().getLeastSignificantBits());
            writeString(out, event.stream());
            writeString(out, event.error());
            out.writeInt(event.attempts());
            out.writeLong(event.parkedAt().toEpochMilli());
            out.writeBoolean(event.retryRequested());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ParkedEvent decode(String key, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != 1) {
                throw new StorageException("The parked event " + key + " has an unknown format");
            }
            return new ParkedEvent(readString(in), in.readInt(), in.readLong(), new UUID(in.readLong(), in.readLong()), readString(in),
                    readString(in), in.readInt(), Instant.ofEpochMilli(in.readLong()), in.readBoolean());
        } catch (IOException e) {
            throw new StorageException("The parked event " + key + " is not readable: " + e, e);
        }
    }

    static ParkedEvent withRetryRequested(ParkedEvent event) {
        return new ParkedEvent(event.subscription(), event.partition(), event.position(), event.eventId(), event.stream(),
                event.error(), event.attempts(), event.parkedAt(), true);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
