package dev.annals.postgres;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Every deadline of a connection the store opens, derived from {@link PostgresOptions#connectTimeout()}
 * and {@link PostgresOptions#operationTimeout()} (below: <i>connect</i> and <i>operation</i>), so that no
 * operation waits without bound, whichever side stalls:
 * <ul>
 *   <li><b>Connecting</b>: the driver's {@code connectTimeout} and {@code loginTimeout}, and the pool's wait for a
 *       free connection, are <i>connect</i>.</li>
 *   <li><b>A statement</b>: {@code statement_timeout} is <i>operation</i>, on the server, waits for the append
 *       lock included; a statement past it is cancelled (SQLState 57014) and its implicit transaction rolled
 *       back, so nothing of it is stored. No separate {@code lock_timeout} is set: the statement's deadline
 *       covers its lock waits.</li>
 *   <li><b>The server vanished</b> (or a reply never arrives): the driver's {@code socketTimeout} is
 *       <i>operation</i> plus a margin, so that a statement the server cancels reports as such before the
 *       client gives up; past it the connection is closed and an append in flight has an unknown outcome.
 *       {@code tcpKeepAlive} is on as well.</li>
 *   <li><b>The client vanished</b> while its session holds the append lock: the server ends a session idle
 *       in a transaction after half of <i>operation</i> ({@code idle_in_transaction_session_timeout}), so that
 *       appends waiting for the lock get it before their own deadline; and it drops a connection whose
 *       peer stopped answering after about half of <i>operation</i> ({@code tcp_keepalives_*},
 *       {@code tcp_user_timeout}, TCP connections only).</li>
 * </ul>
 * The server settings go in the driver's {@code options} startup parameter, before any {@code options} the
 * URL gives, so that the user's own settings win.
 *
 * <p>Immutable.
 */
final class SessionDeadlines {

    private final Duration connect;
    private final Duration operation;

    SessionDeadlines(Duration connect, Duration operation) {
        this.connect = connect;
        this.operation = operation;
    }

    long connectMillis() {
        return connect.toMillis();
    }

    private int connectSeconds() {
        return ceilSeconds(connect);
    }

    /** The driver's {@code socketTimeout}: the operation's seconds and a tenth more, at least 2 s more. */
    int socketTimeoutSeconds() {
        int seconds = ceilSeconds(operation);
        return seconds + Math.max(2, (seconds + 9) / 10);
    }

    /** The server's settings, as the driver's {@code options} startup parameter. */
    String serverOptions() {
        long operationMillis = operation.toMillis();
        long half = Math.max(1, operationMillis / 2);
        long seconds = Math.max(1, operationMillis / 1000);
        return "-c statement_timeout=" + operationMillis
                + " -c idle_in_transaction_session_timeout=" + half
                + " -c tcp_keepalives_idle=" + Math.max(1, seconds / 4)
                + " -c tcp_keepalives_interval=" + Math.max(1, seconds / 12)
                + " -c tcp_keepalives_count=3"
                + " -c tcp_user_timeout=" + half;
    }

    /**
     * The driver's properties: the deadlines, then {@code given} (the URL's own driver properties), which
     * win; a given {@code options} is appended to the deadlines' server settings, so that its own settings win.
     */
    Properties driverProperties(Map<String, String> given) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Integer.toString(connectSeconds()));
        properties.setProperty("loginTimeout", Integer.toString(connectSeconds()));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.putAll(given);
        String userOptions = given.get("options");
        properties.setProperty("options", userOptions == null || userOptions.isBlank() ? serverOptions() : serverOptions() + " " + userOptions);
        return properties;
    }

    /**
     * The longest one group-commit batch should take when nothing else fails: a connection, then a statement
     * (its decision's reads are quick lookups by index).
     */
    private Duration batchBound() {
        return connect.plusSeconds(socketTimeoutSeconds());
    }

    /** How long an append may wait for the batches ahead of it: one stuck batch, then its own operation. */
    Duration queuedDeadline() {
        return batchBound().plus(operation);
    }

    /** How long a caller waits for the batch that took its append: well beyond every deadline of the batch. */
    Duration batchBackstop() {
        return batchBound().multipliedBy(3);
    }

    private static int ceilSeconds(Duration d) {
        long millis = d.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }
}
