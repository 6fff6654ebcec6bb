package dev.annals.cli;

/** A mistake of the user's (an unknown stream, a missing store file): printed as one line, exit code 1. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
