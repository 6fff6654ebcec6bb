package dev.annals.spi.support;

import dev.annals.InvalidArgumentException;
import java.time.Duration;
import java.util.Locale;

/**
 * The one way a store URL writes a duration (a deadline such as {@code connectTimeout=2s}), for every
 * backend: {@code 1500ms}, {@code 30s}, {@code 2m}, a bare number of seconds ({@code 45}), or ISO-8601
 * ({@code PT30S}). Bounds are the caller's (each option checks its own). Stateless.
 */
public final class UrlDurations {

    private UrlDurations() {
    }

    /**
     * Reads {@code value}, the value of URL parameter {@code name}.
     *
     * @throws InvalidArgumentException naming the parameter and the value when it is not such a duration
     */
    public static Duration parse(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (RuntimeException e) {
            throw new InvalidArgumentException(name + " must be a duration such as 30s, 1500ms or 2m, was '" + value + "'");
        }
    }
}
