package dev.annals.cli;

import dev.annals.cli.bench.Figures;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code annals bench} prints: where it measured, the settings that decide the figures, and per
 * workload the median and min-max of the measured runs. Printed as a table or, as it is, as JSON.
 *
 * @param store one of the scratch stores, as it describes itself (they differ only in their file or schema name)
 * @param settings the store's or server's settings that matter for speed and durability (see {@code StoreInspector#settings})
 * @param scale 1 for the standard sizes; N when every size was divided by N
 */
record BenchReport(String store, Map<String, String> settings, int warmUpRuns, int runs, int scale, int cores, String java,
        Instant measuredAt, List<Row> workloads) {

    /**
     * The figures of one workload.
     *
     * @param values the figure of each measured run
     * @param lastRun what the last run showed besides its figure
     */
    record Row(String workload, String unit, double median, double min, double max, List<Double> values, String lastRun) {
    }

    BenchReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        workloads = List.copyOf(workloads);
    }

    static BenchReport of(String store, Map<String, String> settings, int runs, int scale, List<Figures> figures) {
        List<Row> rows = figures.stream().map(f -> new Row(f.workload().label(), f.workload().unit(), f.median(), f.min(), f.max(),
                f.values(), f.lastRun())).toList();
        return new BenchReport(store, settings, 1, runs, scale, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version", "?"), Instant.now(), rows);
    }

    void print(PrintWriter out) {
        out.printf("Standard workloads on scratch stores beside the given store, each removed after its run (e.g. %s)%n", store);
        out.printf("%d measured run(s) per workload after %d warm-up, each on an empty store; %d cores, Java %s%n", runs, warmUpRuns,
                cores, java);
        if (scale != 1) {
            out.printf("Every size divided by %d: these figures do not compare with the standard ones.%n", scale);
        }
        if (!settings.isEmpty()) {
            out.println("Settings:");
            settings.forEach((name, value) -> out.printf("  %s = %s%n", name, value.isEmpty() ? "''" : value));
        }
        out.println();
        Table table = new Table("WORKLOAD", "MEDIAN", "MIN - MAX", "UNIT", "LAST RUN");
        for (Row row : workloads) {
            table.row(row.workload(), figure(row.median()), figure(row.min()) + " - " + figure(row.max()), row.unit(), row.lastRun());
        }
        table.print(out);
    }

    /** Whole numbers and large figures without decimals, small fractional ones (ratios) with two. */
    private static String figure(double value) {
        return value == Math.rint(value) || Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
