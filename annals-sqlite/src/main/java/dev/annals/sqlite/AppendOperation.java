package dev.annals.sqlite;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.support.AppendDecision;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One append, run by the writer in its own savepoint and decided by {@link AppendDecision}.
 *
 * <p>Stored ids are looked up only when needed ({@link AppendDecision#decideLazily}): when the
 * version does not match (a retry comes after its own events), or when an insert breaks the unique
 * constraint on event ids, after which the partial insert is rolled back and
 * {@link AppendDecision#afterTakenId} decides. Immutable.
 */
final class AppendOperation implements WriteOperation<AppendResult> {

    private final AppendRequest request;

    AppendOperation(AppendRequest request) {
        this.request = request;
    }

    @Override
    public AppendResult apply(WriteSession session) throws SQLException {
        SqliteConnection connection = session.connection();
        EventWrites.StreamHead head = EventWrites.head(connection, request.stream());
        EventLookup lookup = new EventLookup(connection);
        Optional<AppendResult> decided = AppendDecision.decideLazily(request, head.state(), lookup);
        if (decided.isPresent()) {
            return decided.get();
        }
        try {
            return EventWrites.insert(session, request, head);
        } catch (SQLException e) {
            if (!SqlErrors.isConstraintViolation(e)) {
                throw e;
            }
            session.rollbackToSavepoint();
            try {
                return AppendDecision.afterTakenId(request, head.state(), lookup);
            } catch (IllegalStateException noIdTaken) {
                // another constraint broke: the driver's error says which
                e.addSuppressed(noIdTaken);
                throw e;
            }
        }
    }

    @Override
    public RuntimeException commitFailed(String store, SQLException cause) {
        return new AppendOutcomeUnknownException(request.stream(), cause);
    }
}
