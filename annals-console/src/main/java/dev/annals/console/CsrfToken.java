package dev.annals.console;

import java.util.Map;

/**
 * The token every write (a POST) must carry in its form: random per console, written into the console's own
 * forms only, so a page of another site cannot make a browser post a valid one. GET requests never write.
 */
final class CsrfToken {

    static final String FIELD = "csrf";

    private final String value = Secrets.random();

    String value() {
        return value;
    }

    /** @throws Request.BadRequest when the form does not carry the token */
    void check(Map<String, String> form) {
        if (!Secrets.matches(form.get(FIELD), value)) {
            throw new Forbidden("the form's CSRF token is missing or wrong; reload the page and try again");
        }
    }

    /** A request refused: 403 with the message. */
    static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }
}
