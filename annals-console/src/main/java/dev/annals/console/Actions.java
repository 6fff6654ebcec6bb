package dev.annals.console;

import dev.annals.Annals;
import dev.annals.subscription.Subscriptions;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The console's only writes: retry or drop a parked event, reset a subscription. Each is asked for on a
 * confirmation page (a GET that writes nothing) whose form posts it with the CSRF token.
 */
final class Actions {

    private final Annals annals;
    private final CsrfToken csrf;

    Actions(Annals annals, CsrfToken csrf) {
        this.annals = annals;
        this.csrf = csrf;
    }

    /** What an action does, said before it is done. */
    private record Action(String verb, String name, long position) {

        static Action of(@Nullable String verb, @Nullable String name, @Nullable String position) {
            if (verb == null || !(verb.equals("retry") || verb.equals("drop") || verb.equals("reset"))) {
                throw new Request.BadRequest("the action must be retry, drop or reset, was '" + verb + "'");
            }
            if (name == null || name.isBlank()) {
                throw new Request.BadRequest("the action needs the subscription's name");
            }
            long at;
            try {
                at = Long.parseLong(position == null ? "" : position.trim());
            } catch (NumberFormatException e) {
                throw new Request.BadRequest("the action needs a position, was '" + position + "'");
            }
            if (at < 0) {
                throw new Request.BadRequest("the position must be >= 0, was " + at);
            }
            return new Action(verb, name, at);
        }

        String describe() {
            return switch (verb) {
                case "retry" -> "Ask the running instance of " + name + " to try the parked event at position " + position + " again.";
                case "drop" -> "Drop the parked event at position " + position + " of " + name
                        + ": it will not be handled, and a partition stopped on it goes on after it.";
                default -> "Reset " + name + " to position " + position + ": its next run calls its reset hook and handles "
                        + "every event after position " + position + " again.";
            };
        }
    }

    Html confirmation(Request request) {
        Action action = Action.of(request.param("action"), request.param("name"), request.param("position"));
        return new Html().tag("<p class=\"confirm\">").text(action.describe()).tag("</p>")
                .tag("<form method=\"post\" action=\"/action\">").hidden(CsrfToken.FIELD, csrf.value())
                .hidden("action", action.verb()).hidden("name", action.name()).hidden("position", action.position())
                .tag("<button type=\"submit\" id=\"confirm\">").text(switch (action.verb()) {
                    case "retry" -> "Retry";
                    case "drop" -> "Drop";
                    default -> "Reset";
                }).tag("</button> <a href=\"/subscriptions\" id=\"cancel\">Cancel</a></form>");
    }

    /** Does the action of the posted form; returns where to go next (the subscriptions page, saying what was done). */
    String perform(Request request) throws IOException {
        Map<String, String> form = request.form();
        csrf.check(form);
        Action action = Action.of(form.get("action"), form.get("name"), form.get("position"));
        Subscriptions subscriptions = annals.subscriptions();
        String done = switch (action.verb()) {
            case "retry" -> subscriptions.retryParked(action.name(), action.position())
                    ? "Asked to retry the parked event at position " + action.position() + " of " + action.name() + "."
                    : "No event of " + action.name() + " is parked at position " + action.position() + "; nothing done.";
            case "drop" -> subscriptions.dropParked(action.name(), action.position())
                    ? "Dropped the parked event at position " + action.position() + " of " + action.name() + "."
                    : "No event of " + action.name() + " is parked at position " + action.position() + "; nothing done.";
            default -> {
                subscriptions.reset(action.name(), action.position());
                yield "Reset " + action.name() + " to position " + action.position() + ".";
            }
        };
        return Html.url("/subscriptions", "done", done);
    }
}
