package dev.annals;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the schema revision of a snapshot state type explicitly. Without it, the fingerprint
 * is derived from the type's structure; with it, only the revision counts, so the user decides
 * when old snapshots stop being used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SnapshotRevision {

    String value();
}
