package dev.annals.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;

/** The kit's {@code PersonalDataContract} catches a store whose {@code forget} keeps the key. */
class ForgettingNothingIsCaughtTest {

    @Test
    void a_forget_that_keeps_the_key_fails_the_tests_of_what_forget_must_do() {
        SuiteRun run = SuiteRun.of(PersonalDataOverKeysThatStay.class);

        assertThat(run.byMethod).containsEntry("after_forget_no_path_returns_a_marked_value_and_the_rest_reads_unchanged", Status.FAILED)
                .containsEntry("snapshots_of_a_forgotten_subject_are_cleared_and_the_repository_still_loads_the_aggregate", Status.FAILED)
                .containsEntry("a_data_subject_names_whose_key_seals_the_values_across_streams", Status.FAILED)
                .containsEntry("keys_are_entries_that_copy_as_they_are", Status.FAILED)
                .containsEntry("marked_values_are_stored_sealed_and_everything_else_plain", Status.SUCCESSFUL);
    }
}
