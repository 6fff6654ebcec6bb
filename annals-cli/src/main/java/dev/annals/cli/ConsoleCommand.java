package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.console.Console;
import dev.annals.console.ConsoleOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annals console}: serves the web console of a store until Ctrl-C. Bound to the loopback by default; bound to
 * any other address it needs a token, generated and printed when none is given.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Serves a web console of the store (streams, events, snapshots and their checks, the live log, "
                + "subscriptions) until Ctrl-C.")
final class ConsoleCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Mixin
    CatalogOption catalogs;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "The port (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "The address to listen on (default: ${DEFAULT-VALUE}); any address that is not loopback needs a token.")
    String bind;

    @Option(names = "--token", paramLabel = "T",
            description = "The token every request must carry (at least 16 characters); generated when the address is not loopback.")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be 0-65535, was " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UserError("--bind: unknown address " + bind);
        }
        if (token != null && token.length() < ConsoleOptions.MIN_TOKEN_LENGTH) {
            throw new UserError("--token must be at least " + ConsoleOptions.MIN_TOKEN_LENGTH + " characters");
        }
        ConsoleOptions options = ConsoleOptions.defaults().bind(address).port(port);
        boolean generated = token == null && options.needsToken();
        String chosen = generated ? ConsoleOptions.newToken() : token;
        if (chosen != null) {
            options = options.token(chosen);
        }
        PrintWriter out = spec.commandLine().getOut();
        Annals annals = store.openExisting();
        Console console;
        try {
            console = Console.start(annals, options.verification(catalogs.verification(annals)));
        } catch (UncheckedIOException e) {
            annals.close();
            throw new UserError(e.getMessage());
        } catch (RuntimeException e) {
            annals.close();
            throw e;
        }
        // Ctrl-C: the hook stops serving and closes the store; an interrupt (a caller running the command on a thread
        // of its own) does the same without the hook.
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            console.close();
            annals.close();
            stopped.countDown();
        }, "annals-console-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        URI uri = console.uri();
        out.println("Annals console of " + annals.inspect().describe() + " at " + uri + " (Ctrl-C to stop)");
        if (chosen != null) {
            out.println((generated ? "Generated token: " : "Token: ") + chosen + "; open " + uri + "?token=" + chosen);
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            console.close();
            annals.close();
        }
        return 0;
    }
}
