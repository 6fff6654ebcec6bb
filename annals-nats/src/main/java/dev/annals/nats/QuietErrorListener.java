package dev.annals.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports the connection's asynchronous errors to the log instead of standard error. Stateless. */
final class QuietErrorListener implements ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(QuietErrorListener.class);

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("NATS reported an error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.debug("NATS connection exception: {}", exp.toString());
    }
}
