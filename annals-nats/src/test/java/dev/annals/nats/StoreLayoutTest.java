package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Stream names as subject tokens: reversible, safe for any name, within the subject limit. */
class StoreLayoutTest {

    private final StoreLayout layout = new StoreLayout("t");

    @Test
    void names_with_dots_wildcards_spaces_and_unicode_become_one_safe_token_and_come_back() {
        for (String name : new String[] {"ticket-42", "a.b", "a*", "x>y", "with space", "ünï-€-😀", "=2E", "tab\tand\nline"}) {
            String subject = layout.subject(name, 7);
            String token = subject.substring("annals.t.e.".length(), subject.lastIndexOf('.'));
            assertThat(token).as(name).matches("[A-Za-z0-9_=\\-]+");
            assertThat(layout.streamOf(subject)).isEqualTo(name);
        }
        assertThat(layout.subject("ticket-42", 0)).isEqualTo("annals.t.e.ticket-42.0");
        assertThat(layout.subject("a.b", 0)).isNotEqualTo(layout.subject("a", 0));
    }

    @Test
    void the_longest_stream_name_fits_a_subject_and_a_longer_subject_is_refused_naming_the_limit() {
        String longest = ".".repeat(Limits.MAX_STREAM_NAME_BYTES);
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(Limits.MAX_STREAM_NAME_BYTES);
        assertThat(layout.streamSubjects(longest).length()).isLessThanOrEqualTo(StoreLayout.MAX_SUBJECT_BYTES);

        String tooLong = ".".repeat(StoreLayout.MAX_SUBJECT_BYTES / 3 + 1);
        assertThatThrownBy(() -> layout.streamSubjects(tooLong)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(String.valueOf(StoreLayout.MAX_SUBJECT_BYTES));
    }
}
