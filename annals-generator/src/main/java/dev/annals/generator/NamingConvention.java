package dev.annals.generator;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The seed's naming convention for store classes: PascalCase, "typically" ending with
 * {@code SnapshotStore} (or {@code EventStore}). Breaking it is a warning, never an error. Stateless.
 */
final class NamingConvention {

    private static final Pattern PASCAL_CASE = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private NamingConvention() {
    }

    /** A warning when {@code storeName} breaks the convention of {@code kind}; empty when it follows it. */
    static Optional<String> check(ComponentKind kind, String storeName) {
        boolean pascal = PASCAL_CASE.matcher(storeName).matches();
        boolean suffix = storeName.endsWith(kind.nameSuffix());
        if (pascal && suffix) {
            return Optional.empty();
        }
        String what = !pascal && !suffix ? "is not PascalCase and does not end with '" + kind.nameSuffix() + "'"
                : !pascal ? "is not PascalCase" : "does not end with '" + kind.nameSuffix() + "'";
        return Optional.of("store_name '" + storeName + "' " + what + ", as " + kind.id() + " names usually do");
    }
}
