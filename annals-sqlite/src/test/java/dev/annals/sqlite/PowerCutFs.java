package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The power-cut file system ({@code src/test/c/powercutfs.c}) mounted over a backing directory: every
 * write stays in the file system's memory until it is fsynced, so {@link #cutPower()} (SIGKILL of the
 * file system's process) loses exactly what was not fsynced, and the backing directory is then what a
 * disk would hold after the power came back. It can also be a full disk ({@link #mountWithCapacity}) and
 * refuses to open a file without its owner's write bit for writing, even to root (a read-only file).
 *
 * <p>Needs {@code /dev/fuse}, gcc, pkg-config and libfuse3's headers (Debian: {@code gcc pkg-config
 * libfuse3-dev fuse3}). A missing one fails, naming it: these tests run only where they were asked for.
 */
final class PowerCutFs implements AutoCloseable {

    private static final Path SOURCE = Path.of("src/test/c/powercutfs.c");
    private static final Path BINARY = Path.of("target/powercutfs/powercutfs");

    private final Path backing;
    private final Path mountPoint;
    private final Process process;
    private boolean mounted;

    private PowerCutFs(Path backing, Path mountPoint, Process process) {
        this.backing = backing;
        this.mountPoint = mountPoint;
        this.process = process;
    }

    /** Compiles the file system once per build (again when its source is newer). */
    static synchronized Path binary() throws IOException, InterruptedException {
        assertThat(Path.of("/dev/fuse")).as("/dev/fuse (the FUSE device; in a container: --device /dev/fuse)").exists();
        assertThat(SOURCE).as("the file system's source").exists();
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return BINARY;
        }
        Files.createDirectories(BINARY.getParent());
        String flags = run(List.of("pkg-config", "--cflags", "--libs", "fuse3"),
                "pkg-config and libfuse3's headers (Debian packages pkg-config libfuse3-dev)").trim();
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", BINARY.toString(), SOURCE.toString()));
        gcc.addAll(List.of(flags.split("\\s+")));
        run(gcc, "gcc (Debian package gcc)");
        return BINARY;
    }

    /**
     * Mounts the file system at {@code mountPoint} over {@code backing}; {@code fsyncIgnored}: a disk
     * that acknowledges fsync without writing anything, so that no commit ever waits for the disk.
     */
    static PowerCutFs mount(Path backing, Path mountPoint, Path log, boolean fsyncIgnored) throws IOException, InterruptedException {
        return mount(backing, mountPoint, log, fsyncIgnored ? Map.of("POWERCUTFS_IGNORE_FSYNC", "1") : Map.of());
    }

    /** Mounts the file system with a disk of {@code maxBytes}: a write past it fails with ENOSPC. */
    static PowerCutFs mountWithCapacity(Path backing, Path mountPoint, Path log, long maxBytes) throws IOException, InterruptedException {
        return mount(backing, mountPoint, log, Map.of("POWERCUTFS_MAX_BYTES", Long.toString(maxBytes)));
    }

    private static PowerCutFs mount(Path backing, Path mountPoint, Path log, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path binary = binary();
        Files.createDirectories(backing);
        Files.createDirectories(mountPoint);
        ProcessBuilder builder = new ProcessBuilder(binary.toAbsolutePath().toString(), backing.toString(), mountPoint.toString(), "-f")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PowerCutFs fs = new PowerCutFs(backing, mountPoint, builder.start());
        fs.awaitMounted(log);
        return fs;
    }

    private void awaitMounted(Path log) throws IOException, InterruptedException {
        String target = " " + mountPoint.toAbsolutePath() + " ";
        for (int i = 0; i < 1000; i++) {
            if (Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).contains(target)) {
                mounted = true;
                return;
            }
            assertThat(process.isAlive()).as("the power-cut file system started: %s", Files.readString(log)).isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("the power-cut file system was not mounted at " + mountPoint + ": " + Files.readString(log));
    }

    Path mountPoint() {
        return mountPoint;
    }

    Path backing() {
        return backing;
    }

    /** The power cut: the file system's memory, and every write not yet fsynced in it, is gone at once. */
    void cutPower() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the file system's process ended").isTrue();
    }

    /** Unmounts (after a cut: removes the dead mount). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            cutPower();
        }
        if (mounted) {
            run(List.of("umount", "-l", mountPoint.toString()), "umount");
            mounted = false;
        }
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("missing " + what + ": cannot run " + command.get(0), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed (%s): %s", command, what, output).isZero();
        return output;
    }
}
