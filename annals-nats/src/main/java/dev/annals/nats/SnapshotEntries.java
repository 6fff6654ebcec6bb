package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.StoredSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stream's snapshots as its KV key's history holds them: every save is one revision holding one
 * snapshot and the number to retain, and the snapshots kept are what folding the revisions in order
 * gives: a lower version than the newest kept is ignored, an equal one replaces it, a higher one is
 * added, then only the newest {@code retain} are kept; a purge starts afresh. The fold is the same for
 * every reader, so two saves that both land are decided as if one came after the other.
 *
 * <p>A revision written by a save that checked, with compare-and-set on the key's last revision, that its
 * snapshot is not older than the newest kept is marked {@link Entry#newest}: while it is the key's last
 * revision, it is the newest snapshot kept, and a load reads it alone instead of folding the history.
 * Revisions of earlier versions of Annals have no mark and are always folded. Stateless.
 */
final class SnapshotEntries {

    /** A revision that may be older than the newest kept (written without compare-and-set). */
    private static final byte FORMAT_FOLDED = 1;
    /** A revision saved on top of the newest kept with compare-and-set. */
    private static final byte FORMAT_NEWEST = 2;

    private SnapshotEntries() {
    }

    static byte[] encode(StoredSnapshot snapshot, int retain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.state().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_NEWEST);
            out.writeInt(retain);
            out.writeLong(snapshot.version());
            out.writeLong(snapshot.createdAt().getEpochSecond());
            out.writeInt(snapshot.createdAt().get(java.time.temporal.ChronoField.NANO_OF_SECOND));
            writeBytes(out, snapshot.stream().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, snapshot.fingerprint().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, snapshot.hash().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, snapshot.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * One saved revision: the snapshot, the number the save asked to retain, and whether the save checked
     * with compare-and-set that no newer snapshot was kept (then, as the key's last revision, it is the newest).
     */
    record Entry(StoredSnapshot snapshot, int retain, boolean newest) {
    }

    static Entry decode(String key, long revision, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT_FOLDED && format != FORMAT_NEWEST) {
                throw new StorageException("Snapshot revision " + revision + " of key " + key + " has an unknown format " + format);
            }
            int retain = in.readInt();
            long version = in.readLong();
            Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String stream = new String(readBytes(in), StandardCharsets.UTF_8);
            String fingerprint = new String(readBytes(in), StandardCharsets.UTF_8);
            String hash = new String(readBytes(in), StandardCharsets.UTF_8);
            byte[] state = readBytes(in);
            return new Entry(new StoredSnapshot(stream, version, createdAt, fingerprint, hash, state), retain, format == FORMAT_NEWEST);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageException storage) {
                throw storage;
            }
            throw new StorageException("Snapshot revision " + revision + " of key " + key + " is not readable: " + e, e);
        }
    }

    /** Folds one more revision into the kept snapshots (ordered by version, oldest first). */
    static List<StoredSnapshot> fold(List<StoredSnapshot> kept, Entry entry) {
        List<StoredSnapshot> next = new ArrayList<>(kept);
        long newest = next.isEmpty() ? -1 : next.get(next.size() - 1).version();
        long version = entry.snapshot().version();
        if (version < newest) {
            return next;
        }
        if (version == newest) {
            next.set(next.size() - 1, entry.snapshot());
        } else {
            next.add(entry.snapshot());
        }
        next.sort(Comparator.comparingLong(StoredSnapshot::version));
        while (next.size() > entry.retain()) {
            next.remove(0);
        }
        return next;
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a length of " + length + " runs past the end of the value");
        }
        return in.readNBytes(length);
    }
}
