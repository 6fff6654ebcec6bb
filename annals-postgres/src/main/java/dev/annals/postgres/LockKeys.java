package dev.annals.postgres;

/**
 * The advisory lock classes Annals takes, as the first key of {@code pg_advisory_xact_lock(int, int)};
 * the second key is {@code hashtext(...)} of the schema (and stream). Transaction-scoped locks only, so
 * a lock can never outlive the transaction that took it, whatever happens to the connection.
 */
final class LockKeys {

    /** Held while the DDL of one schema is checked and migrated, so that services starting at once do not race. */
    static final int MIGRATION = 0x414E4E01;
    /** Held by every appending transaction of one schema from its version check until its commit. */
    static final int APPEND = 0x414E4E02;
    /** Held while the snapshots of one stream are replaced and trimmed. */
    static final int SNAPSHOT = 0x414E4E03;

    private LockKeys() {
    }

    /**
     * The second key of the append lock of {@code schema}: its {@code String.hashCode}, which the Java
     * language fixes, so every Annals process computes the same key.
     */
    static int appendKey(String schema) {
        return schema.hashCode();
    }
}
