package dev.annals.generator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where generated files go, following the seed's convention ({@code app/infrastructure/snapshot_stores})
 * in Java form: the store in {@code <root>.infrastructure.snapshotstores} (or {@code .eventstores})
 * under {@code src/main/java}, its test in the same package under {@code src/test/java}.
 *
 * <p><b>The package root rule.</b> {@code --package} gives the root when set. Otherwise the root is
 * the package of the state (or event) type up to, not including, its first segment named
 * {@code domain}: {@code app_root_name.domain.ticketing.models} gives {@code app_root_name}, and
 * {@code com.acme.shop.domain.orders} gives {@code com.acme.shop}. A package without a
 * {@code domain} segment (or starting with one) is the root itself. Stateless.
 */
final class StoreLayout {

    private static final String DOMAIN = "domain";

    private StoreLayout() {
    }

    /** The package root for a type in {@code typePackage}, by the rule above. */
    static String packageRoot(String typePackage) {
        List<String> segments = Arrays.asList(typePackage.split("\\."));
        int domain = segments.indexOf(DOMAIN);
        if (domain <= 0) {
            return typePackage;
        }
        return String.join(".", segments.subList(0, domain));
    }

    /** The package of the generated store and test, e.g. {@code app_root_name.infrastructure.snapshotstores}. */
    static String storePackage(String packageRoot, ComponentKind kind) {
        return packageRoot + ".infrastructure." + kind.packageSegment();
    }

    /** {@code src/main/java/<package as path>/<name>.java}. */
    static Path mainSource(String pkg, String simpleName) {
        return source("main", pkg, simpleName);
    }

    /** {@code src/test/java/<package as path>/<name>.java}. */
    static Path testSource(String pkg, String simpleName) {
        return source("test", pkg, simpleName);
    }

    private static Path source(String set, String pkg, String simpleName) {
        Path path = Path.of("src", set, "java");
        for (String segment : pkg.split("\\.", -1)) {
            path = path.resolve(segment);
        }
        return path.resolve(simpleName + ".java");
    }
}
