package dev.annals.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A store connection as a projection sees it (the writer's, in the transaction of its checkpoint,
 * or a reader's for a query): every call goes through, except those that would end or change the
 * store's transaction (commit, rollback, close, auto-commit, JDBC savepoints), which throw
 * {@link SQLException}; and once the work or query has returned, every call throws, so a
 * connection kept past it cannot be used outside it.
 *
 * <p><b>Warning:</b> statements the work makes are on the store's connection; the work must close
 * them (try-with-resources) and never use them after it returns. Not thread-safe: used by the
 * work's thread.
 */
final class ProjectionConnection implements InvocationHandler {

    private static final Set<String> REFUSED = Set.of("commit", "rollback", "close", "abort", "setAutoCommit", "setSavepoint",
            "releaseSavepoint", "setTransactionIsolation", "setReadOnly");

    private final Connection connection;
    private boolean ended;

    private ProjectionConnection(Connection connection) {
        this.connection = connection;
    }

    /** A guarded view of {@code connection} and the switch that ends it. */
    static ProjectionConnection guard(Connection connection) {
        return new ProjectionConnection(connection);
    }

    Connection view() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    /** After this, every call on the view throws. */
    void end() {
        ended = true;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> args != null && proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ProjectionConnection[" + (ended ? "ended" : "open") + "]";
            };
        }
        if (name.equals("isClosed") && method.getParameterCount() == 0) {
            return ended || connection.isClosed();
        }
        if (ended) {
            throw new SQLException("A projection's connection is usable only during the work or query it was given to");
        }
        if (REFUSED.contains(name)) {
            throw new SQLException("A projection must not call " + name + " on its connection: the store owns the connection "
                    + "and its transaction (which also stores the subscription's checkpoint)");
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }
}
