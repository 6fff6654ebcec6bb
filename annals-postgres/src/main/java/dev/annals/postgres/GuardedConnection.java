package dev.annals.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The connection a projection's work or query is handed: the store's own, except that it refuses to
 * end the transaction or the connection (commit, rollback, close, auto-commit, abort), which belong to
 * the caller, and refuses everything once the work has returned, so that a kept reference cannot write
 * outside the checkpoint's transaction. Savepoints work as usual.
 *
 * <p>Not thread-safe: used by the thread running the work.
 */
final class GuardedConnection implements InvocationHandler {

    private static final Set<String> REFUSED = Set.of("commit", "close", "setAutoCommit", "abort");

    private final Connection connection;
    private final Connection view;
    private boolean ended;

    private GuardedConnection(Connection connection) {
        this.connection = connection;
        this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    static GuardedConnection guard(Connection connection) {
        return new GuardedConnection(connection);
    }

    /** The connection to hand to the work. */
    Connection view() {
        return view;
    }

    /** The work has returned: the view refuses every further call. */
    void end() {
        ended = true;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        String name = method.getName();
        if (ended) {
            throw new SQLException("A projection's connection is usable only while its work runs");
        }
        boolean wholeRollback = name.equals("rollback") && (args == null || args.length == 0);
        if (REFUSED.contains(name) || wholeRollback) {
            throw new SQLException("A projection's work must not call " + name + ": Annals ends the transaction, "
                    + "with the checkpoint, and returns the connection");
        }
        if (name.equals("equals") && args != null && args.length == 1) {
            return proxy == args[0];
        }
        if (name.equals("hashCode") && (args == null || args.length == 0)) {
            return System.identityHashCode(proxy);
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }
}
