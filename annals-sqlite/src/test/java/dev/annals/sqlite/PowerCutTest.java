package dev.annals.sqlite;

import dev.annals.testkit.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts: the store runs on a file system that loses every write not yet fsynced when the power is
 * cut ({@link PowerCutFs}), while a child process appends; the power is cut at a random moment, then
 * the store is opened from what the disk holds and checked against what was acknowledged.
 *
 * <p>A process kill alone ({@code CrashSafetyTest}) leaves the killed process's writes in the OS page
 * cache, so it proves atomicity, not durability: it passes with a store that never fsyncs. Here the
 * default ({@code synchronous=full}) must lose nothing, and the same check must see acknowledged
 * appends lost with {@code synchronous=normal} and on a disk that ignores fsync (no commit waits for
 * the disk, as with SQLite's {@code synchronous=OFF}): that is what shows the check can fail.
 *
 * <p>Needs FUSE, gcc and libfuse3's headers: runs only with {@code -Pservers} (tag {@code servers}).
 */
@Tag("servers")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PowerCutTest {

    private static final int CUTS = 20;
    private static final int MOST_CUTS_TO_SHOW_LOSS = 8;

    @TempDir
    Path dir;

    @Test
    void the_default_loses_no_acknowledged_append_over_20_power_cuts() throws Exception {
        Rounds rounds = new Rounds(dir, "full", false);
        for (int cut = 1; cut <= CUTS; cut++) {
            AckedLogCheck.Result result = rounds.appendAndCutPower();
            assertThat(result.lost()).as("acknowledged appends lost by power cut %d", cut).isEmpty();
        }
        rounds.report("synchronous=full (the default)");
        assertThat(rounds.lost).isZero();
    }

    @Test
    void synchronous_normal_loses_acknowledged_appends_on_a_power_cut() throws Exception {
        Rounds rounds = new Rounds(dir, "normal", false);
        while (rounds.lost == 0 && rounds.cuts < MOST_CUTS_TO_SHOW_LOSS) {
            rounds.appendAndCutPower();
        }
        rounds.report("synchronous=normal");
        assertThat(rounds.lost).as("acknowledged appends lost with synchronous=normal").isPositive();
    }

    @Test
    void a_store_whose_commits_never_wait_for_the_disk_loses_acknowledged_appends_on_a_power_cut() throws Exception {
        Rounds rounds = new Rounds(dir, "full", true);
        while (rounds.lost == 0 && rounds.cuts < MOST_CUTS_TO_SHOW_LOSS) {
            rounds.appendAndCutPower();
        }
        rounds.report("fsync ignored by the disk (as with synchronous=OFF)");
        assertThat(rounds.lost).as("acknowledged appends lost when no commit waits for the disk").isPositive();
    }

    /** Power cuts at random moments on one store, with the counts of what was acknowledged and lost. */
    private static final class Rounds {

        private final Path dir;
        private final String synchronous;
        private final boolean fsyncIgnored;
        private final Random random;
        private final Map<String, AckedLogCheck.Ack> acknowledged = new HashMap<>();
        private int cuts;
        private int checkpointed;
        private int lost;
        private int lostEvents;
        private AckedLogCheck.Result last;

        Rounds(Path dir, String synchronous, boolean fsyncIgnored) {
            this.dir = dir;
            this.synchronous = synchronous;
            this.fsyncIgnored = fsyncIgnored;
            long seed = System.nanoTime();
            this.random = new Random(seed);
            System.out.println("PowerCutTest [synchronous=" + synchronous + (fsyncIgnored ? ", fsync ignored" : "") + "] seed " + seed);
        }

        /**
         * Mounts the file system, lets a child append, cuts the power at a random moment, then opens the
         * store from the disk (the backing directory) and checks it. Lost appends are counted and left
         * behind: later rounds check only their own acknowledgements against the file.
         */
        AckedLogCheck.Result appendAndCutPower() throws Exception {
            int round = ++cuts;
            Path backing = dir.resolve("disk");
            FileTime databaseBefore = modified(backing.resolve("annals.db"));
            try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"), dir.resolve("fs-" + round + ".log"), fsyncIgnored);
                 ChildJvm child = ChildJvm.start(PowerCutAppender.class, dir.resolve("child-" + round + ".err"),
                         fs.mountPoint().resolve("annals.db").toString(), synchronous, "2")) {
                // Long enough, in some rounds, for the WAL to reach SQLite's automatic checkpoint (1000 pages).
                child.awaitAcks(1 + random.nextInt(400));
                assertThat(child.acks()).as(() -> "the child appended: " + child.describe()).isNotEmpty();
                Thread.sleep(random.nextInt(30)); // lands the cut anywhere in an append, a commit or a checkpoint
                fs.cutPower();
                if (databaseBefore != null && !databaseBefore.equals(modified(backing.resolve("annals.db")))) {
                    checkpointed++; // only a checkpoint writes an existing database file (in WAL mode)
                }
                child.kill();
                Map<String, AckedLogCheck.Ack> ofRound = new HashMap<>();
                for (String[] ack : child.acks()) {
                    AckedLogCheck.Ack parsed = AckedLogCheck.Ack.of(ack);
                    ofRound.put(parsed.appendId(), parsed);
                }
                acknowledged.putAll(ofRound);
            }
            // The disk after the power came back: the store opens from it, with SQLite's recovery.
            last = AckedLogCheck.check(backing.resolve("annals.db"), Map.copyOf(acknowledged));
            List<AckedLogCheck.Ack> lostNow = last.lost();
            lost += lostNow.size();
            lostEvents += lostNow.stream().mapToInt(AckedLogCheck.Ack::count).sum();
            lostNow.forEach(a -> acknowledged.remove(a.appendId()));
            return new AckedLogCheck.Result(last.events(), last.appends(), lostNow, last.unacknowledged());
        }

        void report(String setting) {
            System.out.printf("PowerCutTest [%s]: %d power cuts (%d after a checkpoint had written the existing database file in the round); "
                            + "%d appends acknowledged in all; %d acknowledged appends (%d events) lost; the store holds %d appends "
                            + "(%d events), %d of them committed but not yet acknowledged at the cut%n",
                    setting, cuts, checkpointed, acknowledged.size() + lost, lost, lostEvents, last.appends(), last.events(),
                    last.unacknowledged());
        }

        /** When {@code file} was last written, or null when it does not exist or is empty. */
        private static FileTime modified(Path file) throws IOException {
            return Files.exists(file) && Files.size(file) > 0 ? Files.getLastModifiedTime(file) : null;
        }
    }
}
