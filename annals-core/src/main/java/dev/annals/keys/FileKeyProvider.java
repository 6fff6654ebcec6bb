package dev.annals.keys;

import dev.annals.InvalidArgumentException;
import dev.annals.MasterKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded default master key: 32 random bytes, Base64 on one line of a file that only its
 * owner may read ({@code rw-------}), by default beside the SQLite file ({@code store.db.key}).
 * Keep the file out of the store's backups, or a backup holds both the lock and the key.
 *
 * <p>Stateless; the providers it returns are thread-safe.
 */
public final class FileKeyProvider {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private FileKeyProvider() {
    }

    /** The default key file of the SQLite store at {@code storeFile}: the same name with {@code .key} appended. */
    public static Path besideStore(Path storeFile) {
        InvalidArgumentException.requireNonNull(storeFile, "store file");
        return storeFile.resolveSibling(storeFile.getFileName() + ".key");
    }

    /**
     * The master key in {@code keyFile}, which must exist.
     *
     * @throws MasterKeyException when the file is missing, malformed, or readable by others than its owner
     */
    public static KeyProvider open(Path keyFile) {
        InvalidArgumentException.requireNonNull(keyFile, "key file");
        byte[] text;
        try {
            text = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            throw new MasterKeyException("the master key file " + keyFile + " does not exist", e);
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the master key file " + keyFile + ": " + e.getMessage(), e);
        }
        refuseShared(keyFile);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException("the master key file " + keyFile + " does not hold a Base64 key", e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        if (key.length != MasterKey.KEY_BYTES) {
            throw new MasterKeyException("the master key file " + keyFile + " holds " + key.length + " bytes, not "
                    + MasterKey.KEY_BYTES);
        }
        MasterKey provider = new MasterKey(key);
        Arrays.fill(key, (byte) 0);
        return provider;
    }

    /**
     * The master key in {@code keyFile}, creating the file with a new random key, readable by its owner
     * only, when it does not exist. Two processes creating it at once end with one key.
     *
     * @throws MasterKeyException as {@link #open}, or when the file cannot be created
     */
    public static KeyProvider openOrCreate(Path keyFile) {
        InvalidArgumentException.requireNonNull(keyFile, "key file");
        if (!Files.exists(keyFile)) {
            create(keyFile);
        }
        return open(keyFile);
    }

    /**
     * Writes a new key to a temporary file made owner-only from the start, then links it under its name,
     * which fails when the name exists: a reader never sees a half-written file, and of two processes
     * creating it at once, one key wins.
     */
    private static void create(Path keyFile) {
        byte[] key = MasterKey.generate();
        byte[] line = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        Path directory = keyFile.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, ".annals-key", ".tmp", ownerOnly());
            Files.write(temporary, line, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.createLink(keyFile, temporary);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: its key is the key
        } catch (UnsupportedOperationException | IOException e) {
            throw new MasterKeyException("cannot create the master key file " + keyFile + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(line, (byte) 0);
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a left-over temporary file holds a key nobody uses
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        try {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        } catch (UnsupportedOperationException e) {
            return new FileAttribute<?>[0];
        }
    }

    /** Refuses a key file others may read; on file systems without POSIX permissions there is nothing to check. */
    private static void refuseShared(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new MasterKeyException("the master key file " + keyFile + " is readable by others ("
                        + PosixFilePermissions.toString(permissions) + "); allow its owner only (chmod 600)");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the permissions of the master key file " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
