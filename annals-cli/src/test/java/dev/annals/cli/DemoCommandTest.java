package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void the_demo_writes_measures_and_verifies_every_snapshot() {
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", "memory:", "--tickets", "30", "--long-ticket-events", "2000");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Wrote ")
                .contains("Snapshots taken by the default policy")
                .contains("Loading the long ticket (2,000 events)")
                .containsPattern("Verified [0-9,]+ snapshots: each hash holds and each state equals a fold")
                .doesNotContain("FAILED");
    }
}
