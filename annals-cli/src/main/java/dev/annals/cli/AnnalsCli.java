package dev.annals.cli;

import dev.annals.AnnalsException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code annals} command. User errors print one line to stderr and exit non-zero (2 for bad
 * arguments, 1 for everything else); only an internal fault prints a stack trace.
 */
@Command(name = "annals", mixinStandardHelpOptions = true, version = "annals 0.1.0",
        description = "An event store and snapshot store for the JVM.",
        subcommands = {DemoCommand.class, StreamsCommand.class, EventsCommand.class, SnapshotsCommand.class,
                StatsCommand.class, VerifyCommand.class, SubscriptionsCommand.class, ParkedCommand.class, BenchCommand.class,
                CopyCommand.class, DeleteCommand.class, TruncateCommand.class, ForgetCommand.class, ConsoleCommand.class})
public final class AnnalsCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Charset console = Charset.defaultCharset();
        System.exit(execute(new PrintWriter(new OutputStreamWriter(System.out, console), true),
                new PrintWriter(new OutputStreamWriter(System.err, console), true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new AnnalsCli());
        Subcommands.addOptional(commandLine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("annals: " + e.getMessage() + " (see 'annals --help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AnnalsException || e instanceof UserError) {
                err.println("annals: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
