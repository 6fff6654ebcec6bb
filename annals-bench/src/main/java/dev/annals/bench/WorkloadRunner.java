package dev.annals.bench;

import dev.annals.Annals;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the standard workloads against a store URL and prints one Markdown row per workload:
 * the median and the min-max of the runs after one warm-up run, each run on an empty store.
 *
 * <pre>
 * java -cp annals-bench/target/benchmarks.jar dev.annals.bench.WorkloadRunner URL_TEMPLATE [RUNS] [W1,W2,...]
 * </pre>
 *
 * {@code {run}} in the URL template is replaced by a fresh name per run (a new file, a new schema),
 * so that every run starts empty; e.g. {@code sqlite:/tmp/bench-{run}.db}.
 */
public final class WorkloadRunner {

    interface Workload {
        Measurement run(Annals annals) throws Exception;
    }

    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("W1", StandardWorkloads::w1);
        WORKLOADS.put("W2", StandardWorkloads::w2);
        WORKLOADS.put("W3", StandardWorkloads::w3);
        WORKLOADS.put("W4a", StandardWorkloads::w4a);
        WORKLOADS.put("W4b", StandardWorkloads::w4b);
        WORKLOADS.put("W5", StandardWorkloads::w5);
        WORKLOADS.put("W6", annals -> StandardWorkloads.w6(annals, 100_000));
        WORKLOADS.put("W6-1k", annals -> StandardWorkloads.w6(annals, 1_000));
    }

    private static final Map<String, String> UNITS = Map.of("W1", "events/s", "W2", "events/s", "W3", "events/s",
            "W4a", "events/s", "W4b", "streams/s", "W5", "conflicts", "W6", "x faster", "W6-1k", "x faster");

    private WorkloadRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: WorkloadRunner URL_TEMPLATE [RUNS] [W1,W2,...]   ({run} in the URL is replaced per run)");
            System.exit(2);
        }
        String template = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> selected = args.length > 2 ? List.of(args[2].split(",")) : List.copyOf(WORKLOADS.keySet());
        System.out.printf("Workloads on %s, %d runs after 1 warm-up, %s, %d cores, Java %s%n", template, runs, LocalDate.now(ZoneId.systemDefault()),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| workload | median | min - max | unit | last run |");
        System.out.println("|---|---|---|---|---|");
        int counter = 0;
        for (String name : selected) {
            Workload workload = WORKLOADS.get(name);
            if (workload == null) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + WORKLOADS.keySet());
            }
            List<Measurement> results = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                String url = template.replace("{run}", name.toLowerCase(Locale.ROOT).replace('-', '_') + "_" + ProcessHandle.current().pid()
                        + "_" + counter++);
                try (Annals annals = Annals.open(url)) {
                    Measurement m = workload.run(annals);
                    if (run > 0) {
                        results.add(m);
                    }
                }
            }
            double[] values = results.stream().mapToDouble(Measurement::value).toArray();
            double min = java.util.Arrays.stream(values).min().orElse(0);
            double max = java.util.Arrays.stream(values).max().orElse(0);
            System.out.printf("| %s | %,.0f | %,.0f - %,.0f | %s | %s |%n", name, StandardWorkloads.median(values), min, max,
                    UNITS.get(name), results.get(results.size() - 1).detail());
        }
    }
}
