package dev.annals.nats;

import dev.annals.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What the subscription bucket keeps of one subscription partition, in one KV value so that one
 * compare-and-set decides a lease and a fenced checkpoint together.
 *
 * @param owner the instance holding the lease, null when none ever did or it was given up
 * @param token the fencing token: it grows whenever the lease passes to another owner
 * @param expiresAtMillis when the lease ends unless renewed (epoch milliseconds of the writer's clock)
 * @param checkpoint the position of the last event handled, -1 when none was ever stored
 */
record PartitionState(@Nullable String owner, long token, long expiresAtMillis, long checkpoint, boolean resetPending) {

    static final PartitionState NONE = new PartitionState(null, 0, 0, -1, false);

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            byte[] name = owner == null ? new byte[0] : owner.getBytes(StandardCharsets.UTF_8);
            out.writeBoolean(owner != null);
            out.writeInt(name.length);
            out.write(name);
            out.writeLong(token);
            out.writeLong(expiresAtMillis);
            out.writeLong(checkpoint);
            out.writeBoolean(resetPending);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PartitionState decode(String key, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != 1) {
                throw new StorageException("The subscription state " + key + " has an unknown format");
            }
            boolean hasOwner = in.readBoolean();
            byte[] name = in.readNBytes(in.readInt());
            return new PartitionState(hasOwner ? new String(name, StandardCharsets.UTF_8) : null, in.readLong(), in.readLong(),
                    in.readLong(), in.readBoolean());
        } catch (IOException e) {
            throw new StorageException("The subscription state " + key + " is not readable: " + e, e);
        }
    }
}
