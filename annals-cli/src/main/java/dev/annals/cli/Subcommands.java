package dev.annals.cli;

import picocli.CommandLine;

/** Adds the subcommands that live in optional modules when they are on the class path. */
final class Subcommands {

    private static final String GENERATE = "dev.annals.generator.GenerateCommand";

    private Subcommands() {
    }

    static void addOptional(CommandLine commandLine) {
        try {
            Object generate = Class.forName(GENERATE).getDeclaredConstructor().newInstance();
            commandLine.addSubcommand(generate);
        } catch (ReflectiveOperationException e) {
            // annals-generator is not on the class path: the command is simply absent
        }
    }
}
