package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.NewEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The bytes of a commit message: a format byte, the first version, the previous commit's sequence,
 * the recorded-at time, the stream name, then per event its id, type, schema version, metadata and
 * payload, each length-prefixed. Binary, so that payloads are stored as the caller gave them.
 * Format 2 (written only when an event carries its own recorded-at time, {@link NewEvent#recordedAt()},
 * as a copy from another store does) adds each event's time after its payload; format 3 (written only for a
 * stream with marks, {@link Commit.Marks#any()}: deleted, or a message after a mark) adds the marks after the
 * stream name and each event's time; every other commit is written in format 1, which older readers read.
 * Stateless.
 */
final class CommitCodec {

    private static final byte FORMAT = 1;
    private static final byte FORMAT_WITH_EVENT_TIMES = 2;
    private static final byte FORMAT_WITH_MARKS = 3;

    private CommitCodec() {
    }

    static byte[] encode(String stream, long firstVersion, long previousSeq, Instant recordedAt, List<NewEvent> events) {
        return encode(stream, firstVersion, previousSeq, Commit.Marks.NONE, recordedAt, events);
    }

    static byte[] encode(String stream, long firstVersion, long previousSeq, Commit.Marks marks, Instant recordedAt,
            List<NewEvent> events) {
        int size = 64 + stream.length() * 3;
        for (NewEvent event : events) {
            size += 40 + event.type().length() * 3 + event.metadata().length + event.payload().length;
        }
        boolean withMarks = marks.any();
        boolean eventTimes = withMarks || events.stream().anyMatch(event -> event.recordedAt() != null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(withMarks ? FORMAT_WITH_MARKS : eventTimes ? FORMAT_WITH_EVENT_TIMES : FORMAT);
            out.writeLong(firstVersion);
            out.writeLong(previousSeq);
            writeTime(out, recordedAt);
            writeString(out, stream);
            if (withMarks) {
                out.writeLong(marks.deletedBefore());
                out.writeBoolean(marks.hardDeleted());
                out.writeInt(marks.index());
            }
            out.writeInt(events.size());
            for (NewEvent event : events) {
                out.writeLong(event.eventId().getMostSignificantBits());
                out.writeLong(event.eventId().getLeastSignificantBits());
                writeString(out, event.type());
                out.writeInt(event.schemaVersion());
                writeBytes(out, event.metadata());
                writeBytes(out, event.payload());
                if (eventTimes) {
                    Instant own = event.recordedAt();
                    writeTime(out, own != null ? own : recordedAt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a commit; bytes that are not one are a {@link StorageException} naming the sequence. */
    static Commit decode(long seq, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITH_EVENT_TIMES && format != FORMAT_WITH_MARKS) {
                throw new StorageException("The message at sequence " + seq + " is not an Annals commit (format " + format + ")");
            }
            long firstVersion = in.readLong();
            long previousSeq = in.readLong();
            Instant recordedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String stream = readString(in);
            Commit.Marks marks = format == FORMAT_WITH_MARKS ? new Commit.Marks(in.readLong(), in.readBoolean(), in.readInt())
                    : Commit.Marks.NONE;
            boolean eventTimes = format != FORMAT;
            int count = in.readInt();
            if (count < 0 || count > dev.annals.Limits.MAX_APPEND_EVENTS) {
                throw new StorageException("The commit at sequence " + seq + " claims " + count + " events");
            }
            List<NewEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                UUID id = new UUID(in.readLong(), in.readLong());
                String type = readString(in);
                int schemaVersion = in.readInt();
                byte[] metadata = readBytes(in);
                byte[] payload = readBytes(in);
                Instant own = eventTimes ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
                events.add(new NewEvent(id, type, schemaVersion, metadata, payload, own));
            }
            return new Commit(stream, seq, firstVersion, previousSeq, recordedAt, events, marks);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageException storage) {
                throw storage;
            }
            throw new StorageException("The message at sequence " + seq + " is not a readable Annals commit: " + e, e);
        }
    }

    private static void writeTime(DataOutputStream out, Instant time) throws IOException {
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.get(java.time.temporal.ChronoField.NANO_OF_SECOND));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a length of " + length + " runs past the end of the message");
        }
        return in.readNBytes(length);
    }
}
