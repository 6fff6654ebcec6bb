package dev.annals.cli.bench;

import dev.annals.Annals;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The standard workloads by name, with the unit of each one's figure (see {@link StandardWorkloads}). */
public enum Workload {

    W1("W1", "events/s"),
    W2("W2", "events/s"),
    W3("W3", "events/s"),
    W4A("W4a", "events/s"),
    W4B("W4b", "streams/s"),
    W5("W5", "conflicts"),
    W6("W6", "x faster"),
    /** W6 with a stream of 1,000 events: not one of the standard set, measured for the comparison of revisions. */
    W6_1K("W6-1k", "x faster");

    private final String label;
    private final String unit;

    Workload(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** Its name in {@code WORKLOADS.md}, e.g. {@code W4a}. */
    public String label() {
        return label;
    }

    /** The unit of its headline figure. */
    public String unit() {
        return unit;
    }

    /** Runs it once on {@code annals}, which should be an empty store. */
    public Measurement run(StandardWorkloads workloads, Annals annals) throws Exception {
        return switch (this) {
            case W1 -> workloads.w1(annals);
            case W2 -> workloads.w2(annals);
            case W3 -> workloads.w3(annals);
            case W4A -> workloads.w4a(annals);
            case W4B -> workloads.w4b(annals);
            case W5 -> workloads.w5(annals);
            case W6 -> workloads.w6(annals, 100_000);
            case W6_1K -> workloads.w6(annals, 1_000);
        };
    }

    /** The workload named {@code label} (case does not matter). */
    public static Optional<Workload> named(String label) {
        return Arrays.stream(values()).filter(w -> w.label.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The standard set of {@code WORKLOADS.md}, W1 to W6, in order. */
    public static List<Workload> standard() {
        return List.of(W1, W2, W3, W4A, W4B, W5, W6);
    }

    /** The labels of every workload, for messages. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Workload::label).toList();
    }
}
