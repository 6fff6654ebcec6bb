package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.InvalidArgumentException;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions the suites share. */
final class KitAssertions {

    private KitAssertions() {
    }

    /** The call fails with {@link InvalidArgumentException} whose message names the problem. */
    static void assertInvalid(ThrowingCallable call, String... words) {
        assertThatThrownBy(call).isInstanceOf(InvalidArgumentException.class)
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)).contains(words));
    }
}
