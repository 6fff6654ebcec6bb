package dev.annals.sqlite;

import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import java.nio.file.Path;
import java.sql.SQLException;

/** Turns driver exceptions into Annals exceptions whose message names the file and says what went wrong. */
final class SqlErrors {

    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_NOTADB = 26;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_READONLY = 8;

    private SqlErrors() {
    }

    /** The primary SQLite result code (the driver may report an extended one). */
    static int code(SQLException e) {
        return e.getErrorCode() & 0xFF;
    }

    static boolean isConstraintViolation(SQLException e) {
        return code(e) == SQLITE_CONSTRAINT;
    }

    /** A failure while opening {@code file}. */
    static StoreOpenException open(Path file, SQLException e) {
        return new StoreOpenException("Cannot open the Annals store " + file + ": " + reason(e), e);
    }

    /** A failure of {@code what} on an opened store. */
    static StorageException storage(String store, String what, SQLException e) {
        return new StorageException("SQLite store " + store + " failed to " + what + ": " + reason(e), e);
    }

    /** A one-line reason, without the driver's prefix. */
    static String reason(SQLException e) {
        return switch (code(e)) {
            case SQLITE_NOTADB -> "it is not an SQLite database, or it is encrypted";
            case SQLITE_CORRUPT -> "the database file is corrupted (malformed or truncated)";
            case SQLITE_CANTOPEN -> "the file cannot be opened (check the path and its permissions)";
            case SQLITE_BUSY, SQLITE_LOCKED -> "the database is locked by another connection or process";
            case SQLITE_FULL -> "the disk is full";
            case SQLITE_READONLY -> "the file is read-only";
            default -> String.valueOf(e.getMessage());
        };
    }
}
