package dev.annals.generator;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of {@link GenerateCommand} as the CLI runs it, with its exit code and output.
 *
 * @param stdout what it printed to stdout
 * @param stderr what it printed to stderr
 */
record CommandRun(int exitCode, String stdout, String stderr) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** The lines printed to stderr. */
    java.util.List<String> errorLines() {
        return stderr.lines().toList();
    }
}
