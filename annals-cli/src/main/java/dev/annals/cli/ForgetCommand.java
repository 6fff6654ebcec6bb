package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.keys.FileKeyProvider;
import dev.annals.keys.KeyProvider;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code annals forget SUBJECT}: destroys the subject's data key, then runs the store's maintenance step so
 * that the key's bytes leave the store's files; asks first unless {@code --yes}.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Forgets a person (crypto-shredding): destroys the data key of SUBJECT, so that every personal value "
                + "sealed with it reads as null from now on, clears the snapshots of the stream named SUBJECT, then erases "
                + "the key's bytes from the store's files (SQLite: WAL checkpoint; PostgreSQL: VACUUM FULL of the key table). "
                + "Events, versions and the global log stay. Asks for confirmation unless --yes.")
final class ForgetCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "SUBJECT",
            description = "The subject: a stream name (e.g. customer-42), or the value of a @DataSubject component.")
    String subject;

    @Option(names = "--key-file", paramLabel = "F",
            description = "The master key file; when given, the command first checks that it opens the subject's key, "
                    + "so that a wrong store is not changed. Forgetting needs no master key.")
    Path keyFile;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyProvider master = keyFile == null ? null : FileKeyProvider.open(keyFile);
        try (Annals annals = store.openExisting()) {
            if (!annals.capabilities().contains(Capability.KEY_STORAGE)) {
                throw new UserError(annals.inspect().describe() + " keeps no data keys: there is nothing to forget");
            }
            KeyStorage keys = annals.backend().keyStorage().orElseThrow();
            Optional<byte[]> key = keys.find(subject);
            if (master != null && key.isPresent()) {
                master.unwrap(subject, key.get()); // a MasterKeyException names the problem
            }
            String what = "forget " + subject + ": destroy its data key, so that its personal data can never be read again";
            Confirmation.confirm(yes, Character.toUpperCase(what.charAt(0)) + what.substring(1) + "?", what, spec.commandLine().getOut());
            boolean had = annals.forget(subject);
            annals.eraseForgottenKeys();
            spec.commandLine().getOut().println(had
                    ? "Forgot " + subject + ": its data key is destroyed and erased from the store's files"
                    : "Subject " + subject + " has no data key (never had personal data, or was forgotten before); "
                            + "erased the bytes of destroyed keys");
        }
        return 0;
    }
}
