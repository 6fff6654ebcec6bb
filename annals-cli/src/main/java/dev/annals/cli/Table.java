package dev.annals.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as an aligned text table; numeric columns are right-aligned. Not thread-safe. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell instanceof Long || cell instanceof Integer ? String.format("%,d", ((Number) cell).longValue()) : String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        print(out, "");
    }

    /** Prints the table with {@code indent} before each line. */
    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).matches("-?[0-9,]+(\\.[0-9]+)?");
            }
        }
        printRow(out, indent, headers, widths, numeric);
        for (List<String> row : rows) {
            printRow(out, indent, row, widths, numeric);
        }
        out.flush();
    }

    private static void printRow(PrintWriter out, String indent, List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String format = numeric[c] ? "%" + widths[c] + "s" : "%-" + widths[c] + "s";
            line.append(String.format(format, cells.get(c)));
            if (c < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
