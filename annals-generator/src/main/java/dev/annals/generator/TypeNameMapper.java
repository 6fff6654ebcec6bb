package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * Maps the type spellings of a definition to Java types. Definitions written for the Python
 * framework of the seed keep working: {@code uuid.UUID} is {@code java.util.UUID}, {@code str} is
 * {@code String}, {@code int} is {@code long} (a Python int is unbounded, so the wider type), a
 * module path ending in the snake_case of its class names the package without that segment, and
 * the castlecraft_engineer modules of the seed's defaults name Annals' own types. Java spellings are
 * accepted as they are. Stateless.
 */
final class TypeNameMapper {

    /** The castlecraft_engineer classes of the seed's defaults and their Annals counterparts, by module and name. */
    private static final Map<String, ClassName> CASTLECRAFT = Map.of(
            "castlecraft_engineer.abstractions.snapshot_store.SnapshotStore", ClassName.get("dev.annals", "SnapshotStore"),
            "castlecraft_engineer.abstractions.snapshot.Snapshot", ClassName.get("dev.annals", "Snapshot"),
            "castlecraft_engineer.testing.snapshot_store.BaseSnapshotStoreTest",
            ClassName.get("dev.annals.testkit", "SnapshotStoreContract"),
            "castlecraft_engineer.abstractions.event_store.EventStore", ClassName.get("dev.annals", "EventStore"),
            "castlecraft_engineer.testing.event_store.BaseEventStoreTest",
            ClassName.get("dev.annals.testkit", "EventStoreContract"));

    private static final String CASTLECRAFT_PREFIX = "castlecraft_engineer";

    private TypeNameMapper() {
    }

    /** The aggregate id type spelled {@code spelling} in {@code aggregate_id_type_str}. */
    static AggregateIdType idType(String spelling) throws MappingException {
        String name = spelling.trim();
        return switch (name) {
            case "uuid.UUID", "UUID", "java.util.UUID" -> new AggregateIdType(AggregateIdType.UUID, "uuid");
            case "str", "String", "java.lang.String" -> new AggregateIdType(AggregateIdType.STRING, "string");
            case "int", "long", "Long", "java.lang.Long" -> new AggregateIdType(AggregateIdType.LONG, "longs");
            default -> {
                if (name.indexOf('.') < 0 || !SourceVersion.isName(name)) {
                    throw new MappingException("'" + spelling + "' is not a known id type; use uuid.UUID, str, int,"
                            + " java.util.UUID, String, long, or a fully qualified Java class name");
                }
                yield new AggregateIdType(ClassName.bestGuess(name), null);
            }
        };
    }

    /**
     * The package of class {@code typeName} declared in {@code module}: the module itself when it is a
     * Java package, without its last segment when that segment is the snake_case of the class
     * (a Python module, {@code …models.ticket_snapshot} for {@code TicketSnapshot}).
     */
    static String packageOf(String module, String typeName) throws MappingException {
        String pkg = module.trim();
        String snake = snakeCase(typeName);
        if (pkg.equals(snake)) {
            throw new MappingException("'" + module + "' names only the module of " + typeName + ", not its package");
        }
        if (pkg.endsWith("." + snake)) {
            pkg = pkg.substring(0, pkg.length() - snake.length() - 1);
        }
        requirePackage(pkg, module);
        return pkg;
    }

    /**
     * A framework class named by a module and a name: a castlecraft_engineer default maps to its
     * Annals counterpart; anything else is taken as a Java package and class.
     */
    static ClassName frameworkType(String module, String name) throws MappingException {
        String qualified = module.trim() + "." + name.trim();
        ClassName mapped = CASTLECRAFT.get(qualified);
        if (mapped != null) {
            return mapped;
        }
        if (module.trim().startsWith(CASTLECRAFT_PREFIX)) {
            throw new MappingException("'" + qualified + "' has no Annals counterpart; name a Java package instead"
                    + " (the default is used when the field is left out)");
        }
        requirePackage(module.trim(), module);
        return ClassName.get(module.trim(), name.trim());
    }

    /** Throws unless {@code pkg} is a Java package name: dotted identifiers, no keywords. */
    static void requirePackage(String pkg, String asGiven) throws MappingException {
        if (!SourceVersion.isName(pkg)) {
            throw new MappingException("'" + asGiven + "' is not a valid Java package name");
        }
    }

    /** Throws unless {@code name} is a Java identifier and not a keyword. */
    static void requireIdentifier(String name) throws MappingException {
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw new MappingException("'" + name + "' is not a valid Java identifier");
        }
    }

    /** {@code TicketSnapshot} → {@code ticket_snapshot}; {@code HTTPRequest} → {@code http_request}. */
    static String snakeCase(String pascalCase) {
        String spaced = pascalCase
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return spaced.toLowerCase(Locale.ROOT);
    }
}
