package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.RepositoryMetrics;
import dev.annals.StoreInspector;
import dev.annals.examples.ticketing.OpenTicketsProjection;
import dev.annals.examples.ticketing.TicketingDemo;
import dev.annals.spi.Capability;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The demo: the ticketing example's workload (examples/ticketing) on the store, then the long
 * ticket's load with and without its snapshot, then every snapshot verified as {@code annals verify}
 * does. A second run finds the first run's data and only measures and verifies.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the ticketing demo on the store: writes tickets through the repository, measures loads, verifies snapshots.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--tickets", defaultValue = "1000", description = "Tickets of 20-200 events each (default: ${DEFAULT-VALUE}).")
    int tickets;

    @Option(names = "--long-ticket-events", defaultValue = "100000", description = "Events of the one long ticket (default: ${DEFAULT-VALUE}).")
    int longTicketEvents;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random ticket histories (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (tickets < 0 || longTicketEvents < 1) {
            throw new UserError("--tickets must be >= 0 and --long-ticket-events >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Annals annals = store.open()) {
            StoreInspector inspector = annals.inspect();
            TicketingDemo demo = new TicketingDemo(annals, seed);
            out.println("Annals demo: a ticketing domain on " + inspector.describe());
            out.println();
            if (demo.hasEarlierRun()) {
                StoreInspector.Stats stats = inspector.stats();
                out.printf("Found the data of an earlier run: %,d streams, %,d events, %,d snapshots. The store is durable;%n",
                        stats.streams(), stats.events(), stats.snapshots());
                out.println("nothing new is written, the earlier data is measured and verified.");
            } else {
                write(demo, out);
            }
            out.println();
            TicketingDemo.LoadTimes load = demo.measureLongTicketLoad();
            out.printf("Loading the long ticket (%,d events), median of several loads:%n", load.events());
            out.printf("  with its snapshot (version %,d): %10.2f ms%n", load.version(), load.withSnapshotMillis());
            out.printf("  full replay of every event:     %10.2f ms%n", load.replayMillis());
            out.printf("  the snapshot makes the load %,.0f times faster; both give the same state.%n",
                    load.replayMillis() / load.withSnapshotMillis());
            out.println();
            boolean projected = project(annals, demo, out);
            out.println();
            return verify(annals, out) && projected ? 0 : 1;
        }
    }

    private void write(TicketingDemo demo, PrintWriter out) {
        PrintWriter progressOut = spec.commandLine().getErr();
        long started = System.nanoTime();
        long written;
        try (Progress progress = new Progress(progressOut, "writing " + tickets + " tickets", tickets)) {
            written = demo.writeTickets(tickets, () -> progress.advance(1));
        }
        try (Progress progress = new Progress(progressOut, "writing the long ticket", longTicketEvents)) {
            written += demo.writeLongTicket(longTicketEvents, progress::advance);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        RepositoryMetrics metrics = demo.metrics();
        out.printf("Wrote %,d events to %,d tickets in %.1f s: %,.0f events/s, %,d appends.%n",
                written, tickets + 1, seconds, written / seconds, metrics.saves());
        out.printf("Snapshots taken by the default policy (every 100 events or 1 hour): %,d.%n", metrics.snapshotsWritten());
    }

    /** Runs the demo's exactly-once projection and compares its table with a fold; true when they agree (or it cannot run here). */
    private boolean project(Annals annals, TicketingDemo demo, PrintWriter out) {
        if (!annals.capabilities().contains(Capability.TRANSACTIONAL_CHECKPOINTS)) {
            out.println("Projection " + OpenTicketsProjection.NAME + ": skipped, " + annals.inspect().describe()
                    + " keeps no read models (use sqlite: or postgresql:).");
            return true;
        }
        TicketingDemo.ProjectionReport report;
        try {
            report = demo.runProjection(annals, Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while the projection caught up");
        }
        out.printf("Projection %s (exactly once: table open_tickets, written with its checkpoint in the same database):%n",
                OpenTicketsProjection.NAME);
        out.printf("  caught up on %,d events in %.1f s (%,.0f events/s); lag now %,d events.%n", report.handled(), report.seconds(),
                report.handled() / Math.max(report.seconds(), 1e-9), report.lag());
        StringBuilder counts = new StringBuilder();
        report.fromTable().forEach((assignee, open) -> counts.append(counts.length() == 0 ? "" : ", ").append(assignee).append(' ').append(open));
        out.println("  open tickets per assignee: " + counts);
        if (report.agrees()) {
            out.println("  the table equals a fold of the ticket events.");
            return true;
        }
        out.println("  the table DIFFERS from a fold of the ticket events: " + report.fromFold());
        return false;
    }

    /** Verifies with the catalogs on the class path (the ticketing example's among them); true when every snapshot passed. */
    private boolean verify(Annals annals, PrintWriter out) {
        VerifyReport report = new VerifyReport(out, "  ");
        new CatalogOption().verification(annals).verifyAll(report);
        if (report.failed() > 0) {
            out.printf("%,d of %,d snapshots FAILED verification.%n", report.failed(), report.checked());
        } else if (report.everyOneFolded()) {
            out.printf("Verified %,d snapshots: each hash holds and each state equals a fold of its stream's events.%n", report.checked());
        } else {
            out.printf("Verified %,d snapshots:%n", report.checked());
            report.printCategories("  ");
        }
        return report.failed() == 0;
    }
}
