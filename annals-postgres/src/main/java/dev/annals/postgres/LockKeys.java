package dev.annals.postgres;

/**
 * The advisory locks Annals takes, all transaction-scoped ({@code pg_advisory_xact_lock(int, int)}), so a
 * lock can never outlive the transaction that took it, whatever happens to the connection. The first key
 * is the lock's class below; the second names what it guards:
 * <ul>
 *   <li>{@link #MIGRATION}: {@code hashtext(schema)}, computed by the server;</li>
 *   <li>{@link #APPEND}: {@link #appendKey}, the schema name's {@code String.hashCode}, computed here and
 *       written into the {@code append} function as a constant when the schema is migrated, so that an
 *       append hashes nothing;</li>
 *   <li>{@link #SNAPSHOT}: {@code hashtext('<schema>/<stream>')}, computed by the server.</li>
 * </ul>
 * Two names may share a second key; that only makes unrelated work wait, never breaks a rule.
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
