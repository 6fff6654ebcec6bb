package dev.annals.cli.bench;

import java.util.List;

/**
 * The figures of one workload over its measured runs (the warm-up excluded).
 *
 * @param values the headline figure of each measured run, in run order
 * @param lastRun what the last run showed besides its figure
 */
public record Figures(Workload workload, List<Double> values, double median, double min, double max, String lastRun) {

    public Figures {
        values = List.copyOf(values);
    }

    /** The figures of {@code runs}, at least one. */
    public static Figures of(Workload workload, List<Measurement> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no measured run of " + workload.label());
        }
        double[] values = runs.stream().mapToDouble(Measurement::value).toArray();
        double min = values[0];
        double max = values[0];
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new Figures(workload, runs.stream().map(Measurement::value).toList(), StandardWorkloads.median(values), min, max,
                runs.get(runs.size() - 1).detail());
    }
}
