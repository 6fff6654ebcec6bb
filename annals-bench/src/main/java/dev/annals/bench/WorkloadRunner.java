package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.cli.bench.Figures;
import dev.annals.cli.bench.Measurement;
import dev.annals.cli.bench.StandardWorkloads;
import dev.annals.cli.bench.Workload;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the standard workloads ({@link StandardWorkloads}, the same ones {@code annals bench} runs)
 * against a store URL and prints one Markdown row per workload: the median and the min-max of the
 * runs after one warm-up run, each run on an empty store.
 *
 * <pre>
 * java -cp annals-bench/target/benchmarks.jar dev.annals.bench.WorkloadRunner URL_TEMPLATE [RUNS] [W1,W2,...]
 * </pre>
 *
 * {@code {run}} in the URL template is replaced by a fresh name per run (a new file, a new schema),
 * so that every run starts empty; e.g. {@code sqlite:/tmp/bench-{run}.db}. Without a list it runs
 * every workload, W6-1k included; {@code compare-revisions.sh} parses its rows.
 */
public final class WorkloadRunner {

    private WorkloadRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: WorkloadRunner URL_TEMPLATE [RUNS] [W1,W2,...]   ({run} in the URL is replaced per run)");
            System.exit(2);
        }
        String template = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Workload> selected = new ArrayList<>();
        for (String name : args.length > 2 ? Arrays.asList(args[2].split(",")) : Workload.labels()) {
            selected.add(Workload.named(name).orElseThrow(() ->
                    new IllegalArgumentException("unknown workload " + name + "; known: " + Workload.labels())));
        }
        System.out.printf("Workloads on %s, %d runs after 1 warm-up, %s, %d cores, Java %s%n", template, runs, LocalDate.now(ZoneId.systemDefault()),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| workload | median | min - max | unit | last run |");
        System.out.println("|---|---|---|---|---|");
        int counter = 0;
        for (Workload workload : selected) {
            List<Measurement> results = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                String url = template.replace("{run}", workload.label().toLowerCase(Locale.ROOT).replace('-', '_') + "_"
                        + ProcessHandle.current().pid() + "_" + counter++);
                try (Annals annals = Annals.open(url)) {
                    Measurement m = workload.run(StandardWorkloads.STANDARD, annals);
                    if (run > 0) {
                        results.add(m);
                    }
                }
            }
            Figures figures = Figures.of(workload, results);
            System.out.printf("| %s | %,.0f | %,.0f - %,.0f | %s | %s |%n", workload.label(), figures.median(), figures.min(), figures.max(),
                    workload.unit(), figures.lastRun());
        }
    }
}
