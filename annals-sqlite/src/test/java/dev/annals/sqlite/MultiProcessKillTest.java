package dev.annals.sqlite;

import dev.annals.testkit.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes append to one file (streams of their own and one they all contend for); one of
 * them, chosen at random, is SIGKILLed at a random moment while the others go on, and a new one takes
 * its place. After each kill, with the others still writing, the file must hold every acknowledged
 * append exactly once (of the killed process and of the living ones), no append in part, positions
 * with no gap and contiguous versions; and the surviving processes must go on appending.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiProcessKillTest {

    private static final int PROCESSES = 3;
    private static final int KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void a_process_killed_among_others_on_one_file_loses_no_acknowledged_append_and_the_others_go_on() throws Exception {
        Path file = dir.resolve("annals.db");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("MultiProcessKillTest seed " + seed);
        Map<String, AckedLogCheck.Ack> acknowledged = new HashMap<>();
        List<ChildJvm> children = new ArrayList<>();
        int started = 0;
        try {
            for (; started < PROCESSES; started++) {
                children.add(startChild(file, started));
            }
            AckedLogCheck.Result result = null;
            for (int kill = 1; kill <= KILLS; kill++) {
                for (ChildJvm child : children) {
                    int target = child.acks().size() + 5; // every process appends before the kill
                    child.awaitAcks(target);
                    // described lazily: the child's output changes while it runs
                    assertThat(child.acks().size()).as(() -> "a child stopped appending: " + child.describe())
                            .isGreaterThanOrEqualTo(target);
                }
                Thread.sleep(random.nextInt(200));
                ChildJvm victim = children.remove(random.nextInt(children.size()));
                victim.kill();
                collect(victim, acknowledged);
                // The survivors' acknowledgements so far, taken before the file is read.
                int[] before = new int[children.size()];
                for (int i = 0; i < children.size(); i++) {
                    collect(children.get(i), acknowledged);
                    before[i] = children.get(i).acks().size();
                }
                result = AckedLogCheck.check(file, Map.copyOf(acknowledged));
                assertThat(result.lost()).as("acknowledged appends lost after kill %d", kill).isEmpty();
                for (int i = 0; i < children.size(); i++) {
                    ChildJvm survivor = children.get(i);
                    survivor.awaitAcks(before[i] + 1);
                    assertThat(survivor.acks().size()).as(() -> "a surviving process goes on appending: " + survivor.describe())
                            .isGreaterThan(before[i]);
                }
                children.add(startChild(file, started++));
            }
            for (ChildJvm child : children) {
                child.kill();
                collect(child, acknowledged);
            }
            children.clear();
            result = AckedLogCheck.check(file, Map.copyOf(acknowledged));
            assertThat(result.lost()).isEmpty();
            System.out.printf("MultiProcessKillTest: %d processes at a time, %d kills; %d appends acknowledged, "
                            + "%d appends (%d events) in the file, %d of them committed by a process killed before it acknowledged them; "
                            + "acknowledged appends lost: 0%n",
                    PROCESSES, KILLS, acknowledged.size(), result.appends(), result.events(), result.unacknowledged());
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    private ChildJvm startChild(Path file, int n) throws Exception {
        return ChildJvm.start(ChildAppender.class, dir.resolve("child-" + n + ".err"), file.toString(), "p" + n, "2", "0", "shared");
    }

    private static void collect(ChildJvm child, Map<String, AckedLogCheck.Ack> acknowledged) {
        for (String[] ack : child.acks()) {
            AckedLogCheck.Ack parsed = AckedLogCheck.Ack.of(ack);
            acknowledged.put(parsed.appendId(), parsed);
        }
    }
}
