package dev.annals;

/**
 * The connection failed while an append was being committed, so whether it was stored is not
 * known. Retrying the same append with the same event ids is safe: it is either written now or
 * recognized as already written.
 */
public class AppendOutcomeUnknownException extends StorageException {

    public AppendOutcomeUnknownException(String stream, Throwable cause) {
        super("The outcome of the append to stream " + stream + " is unknown (the connection failed during commit); "
                + "retry it with the same event ids", cause);
    }
}
