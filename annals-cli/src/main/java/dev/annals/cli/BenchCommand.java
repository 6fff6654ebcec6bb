package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.cli.bench.Figures;
import dev.annals.cli.bench.Measurement;
import dev.annals.cli.bench.StandardWorkloads;
import dev.annals.cli.bench.Workload;
import dev.annals.spi.ScratchStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the standard workloads against fresh scratch stores beside the given one: the same kind of
 * store in the same place (a new file in the same directory, a new schema on the same server and
 * database), so the figures are those of the user's deployment, without touching its data. Each run
 * gets a store of its own, removed after the run (also on failure, and by a shutdown hook on Ctrl-C).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the standard workloads (W1-W6) on fresh scratch stores beside the store; its data is never touched.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--workloads", split = ",", paramLabel = "W1,W3",
            description = "The workloads to run (default: W1,W2,W3,W4a,W4b,W5,W6; also W6-1k).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per workload, after one warm-up run (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** Divides every size of the workloads, so that tests run them in seconds; figures then compare with nothing. */
    @Option(names = "--scale", hidden = true, defaultValue = "1")
    int scale;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Workload> selected = selected();
        if (runs < 1) {
            throw new UserError("--runs must be at least 1, was " + runs);
        }
        if (scale < 1) {
            throw new UserError("--scale must be at least 1, was " + scale);
        }
        StandardWorkloads sizes = new StandardWorkloads(scale);
        BenchReport report;
        try (ScratchStores scratch = new ScratchStores(store.url)) {
            report = measure(scratch, sizes, selected);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report);
        } else {
            report.print(out);
        }
        return 0;
    }

    private List<Workload> selected() {
        if (workloads.isEmpty()) {
            return Workload.standard();
        }
        List<Workload> selected = new ArrayList<>();
        for (String name : workloads) {
            Workload workload = Workload.named(name.strip()).orElseThrow(() -> new UserError("unknown workload '" + name
                    + "'; known: " + String.join(", ", Workload.labels())));
            if (!selected.contains(workload)) {
                selected.add(workload);
            }
        }
        return selected;
    }

    private BenchReport measure(ScratchStores scratch, StandardWorkloads sizes, List<Workload> selected) throws Exception {
        PrintWriter progressOut = spec.commandLine().getErr();
        String description = "";
        Map<String, String> settings = Map.of();
        List<Figures> figures = new ArrayList<>();
        for (Workload workload : selected) {
            List<Measurement> measured = new ArrayList<>();
            try (Progress progress = new Progress(progressOut, String.format(Locale.ROOT, "%s: 1 warm-up + %d runs", workload.label(), runs),
                    runs + 1L)) {
                for (int run = 0; run <= runs; run++) {
                    ScratchStore fresh = scratch.create();
                    try {
                        try (Annals annals = Annals.open(fresh.url())) {
                            if (description.isEmpty()) {
                                description = annals.inspect().describe();
                                settings = new LinkedHashMap<>(annals.inspect().settings());
                            }
                            Measurement m = workload.run(sizes, annals);
                            if (run > 0) {
                                measured.add(m);
                            }
                        }
                    } finally {
                        scratch.remove(fresh);
                    }
                    progress.advance(1);
                }
            }
            figures.add(Figures.of(workload, measured));
        }
        return BenchReport.of(description, settings, runs, sizes.scale(), figures);
    }
}
