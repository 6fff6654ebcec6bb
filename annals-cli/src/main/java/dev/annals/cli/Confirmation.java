package dev.annals.cli;

import java.io.Console;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/**
 * Asks the person at the terminal to confirm a command that removes data. Without a terminal (a
 * script, a pipe) nothing can be confirmed, and the command is refused unless {@code --yes} was
 * given, so that no script removes data by accident.
 */
final class Confirmation {

    /** Where the answer is read from: a line typed at the terminal, or null when there is none. */
    interface Terminal {
        @Nullable String readLine(String prompt);
    }

    /** The process's terminal; tests replace it. */
    static volatile Terminal terminal = Confirmation::readFromConsole;

    // Annals runs on Java 17, where System.console() is null exactly when there is no terminal.
    @SuppressWarnings("SystemConsoleNull")
    private static @Nullable String readFromConsole(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readLine("%s", prompt);
    }

    private Confirmation() {
    }

    /**
     * Returns when {@code yes} was given or the person typed {@code y}/{@code yes}.
     *
     * @throws UserError when there is no terminal to ask, or the answer was anything else
     */
    static void confirm(boolean yes, String question, String refusedWhat, PrintWriter out) {
        if (yes) {
            return;
        }
        String answer = terminal.readLine(question + " [y/N] ");
        if (answer == null) {
            throw new UserError("refusing to " + refusedWhat + " without confirmation: no terminal to ask; pass --yes");
        }
        String trimmed = answer.trim();
        if (!trimmed.equalsIgnoreCase("y") && !trimmed.equalsIgnoreCase("yes")) {
            out.println("Nothing was changed.");
            throw new UserError("not confirmed: did not " + refusedWhat);
        }
    }
}
