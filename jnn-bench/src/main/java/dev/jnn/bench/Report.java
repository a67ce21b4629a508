package dev.jnn.bench;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Merges the result files of jnn, PyTorch and DJL (each peer possibly run under several environment settings, the
 * best kept) into the benchmark table, prints it and writes the same rows as CSV, to a temporary file first and then
 * renamed, so a reader never sees half a file.
 *
 * <pre>
 * Report --jnn FILE [--pytorch LABEL=FILE]... [--djl LABEL=FILE]... [--csv OUT.csv]
 * </pre>
 */
public final class Report {

    static final String CSV_HEADER =
            "workload,unit,jnn,pytorch,djl,best_peer,ratio_vs_best_peer,ceiling,ratio_vs_ceiling";

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path csv = null;
        List<Result> jnn = List.of();
        var pytorch = new LinkedHashMap<String, List<Result>>();
        var djl = new LinkedHashMap<String, List<Result>>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Report: " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--csv" -> csv = Path.of(v);
                case "--jnn" -> jnn = Result.read(Path.of(v));
                case "--pytorch" -> readLabelled(v, pytorch);
                case "--djl" -> readLabelled(v, djl);
                default -> throw new IllegalArgumentException("Report: unknown option " + args[i]
                        + "; options: --jnn FILE --pytorch LABEL=FILE --djl LABEL=FILE --csv OUT");
            }
        }
        var notes = new ArrayList<String>();
        List<Row> rows = merge(jnn, pytorch, djl, notes);
        System.out.print(table(rows));
        for (String n : notes) {
            System.out.println("note: " + n);
        }
        if (csv != null) {
            writeAtomically(csv, csv(rows));
            System.out.println("wrote " + csv);
        }
    }

    private static void readLabelled(String labelEqualsFile, Map<String, List<Result>> into) throws IOException {
        int eq = labelEqualsFile.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("Report: expected LABEL=FILE, got '" + labelEqualsFile + "'");
        }
        into.put(labelEqualsFile.substring(0, eq), Result.read(Path.of(labelEqualsFile.substring(eq + 1))));
    }

    /**
     * Joins the sides by workload name: rows in the jnn side's order, then any row only a peer reported. A peer run
     * that produced no file at all (absent, crashed) leaves its cells empty and adds a note; nothing is filled in.
     */
    static List<Row> merge(List<Result> jnn, Map<String, List<Result>> pytorchByEnv,
                           Map<String, List<Result>> djlByEnv, List<String> notes) {
        var units = new LinkedHashMap<String, String>();
        Map<String, Double> jnnValues = index(jnn, units, "jnn", notes);
        units.keySet().removeIf(name -> name.endsWith(Result.CEILING_SUFFIX));
        var torch = indexPeer("pytorch", pytorchByEnv, units, notes);
        var djl = indexPeer("djl", djlByEnv, units, notes);
        var rows = new ArrayList<Row>();
        units.forEach((name, unit) -> {
            double ceiling = Workload.GFLOPS.equals(unit)
                    ? jnnValues.getOrDefault(Result.ceilingOf(name), Double.NaN) : Double.NaN;
            rows.add(new Row(name, unit, jnnValues.getOrDefault(name, Double.NaN), best(torch, name, unit),
                    best(djl, name, unit), ceiling));
        });
        return rows;
    }

    private static Map<String, Map<String, Double>> indexPeer(String peer, Map<String, List<Result>> byEnv,
                                                              Map<String, String> units, List<String> notes) {
        var out = new LinkedHashMap<String, Map<String, Double>>();
        if (byEnv.isEmpty()) {
            notes.add(peer + ": not run; its cells are empty");
        }
        byEnv.forEach((env, results) -> {
            if (results.isEmpty()) {
                notes.add(peer + " [" + env + "]: no results (not installed, not built or failed); cells left empty");
            }
            out.put(env, index(results, units, peer + " [" + env + "]", notes));
        });
        return out;
    }

    private static PeerResult best(Map<String, Map<String, Double>> byEnv, String workload, String unit) {
        SequencedMap<String, Double> values = new LinkedHashMap<>();
        byEnv.forEach((env, v) -> values.put(env, v.getOrDefault(workload, Double.NaN)));
        return PeerResult.of(values, Workload.lowerIsBetter(unit));
    }

    /**
     * One value per workload of one side: the median of its values when the side reported the row once per round
     * ({@code bench/run --rounds N}), so that a round run in a slow minute of the machine does not decide the row.
     */
    private static Map<String, Double> index(List<Result> results, Map<String, String> units, String side,
                                             List<String> notes) {
        var rounds = new LinkedHashMap<String, List<Double>>();
        for (Result r : results) {
            if (!r.unit().isEmpty()) {
                String known = units.putIfAbsent(r.workload(), r.unit());
                if (known != null && !known.equals(r.unit())) {
                    throw new IllegalStateException("benchmark row " + r.workload() + ": " + side + " reports "
                            + r.unit() + " but another side reports " + known + "; make the registries agree");
                }
            }
            rounds.computeIfAbsent(r.workload(), w -> new ArrayList<>()).add(r.value());
            String note = side + " " + r.workload() + ": " + r.note();
            if (!r.note().isEmpty() && !notes.contains(note)) {
                notes.add(note);
            }
        }
        var values = new LinkedHashMap<String, Double>();
        rounds.forEach((w, v) -> values.put(w, Measure.median(v.stream().mapToDouble(Double::doubleValue).toArray())));
        return values;
    }

    static String csv(List<Row> rows) {
        var sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.workload(), r.unit(), num(r.jnn()), num(r.pytorch().best()),
                    num(r.djl().best()), num(r.bestPeer()), ratio(r.ratioVsBestPeer()), num(r.ceiling()),
                    ratio(r.ratioVsCeiling()))).append('\n');
        }
        return sb.toString();
    }

    static String table(List<Row> rows) {
        String fmt = "%-28s %-8s %8s %8s %8s %9s %7s %8s %7s  %-12s %s%n";
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, fmt, "workload", "unit", "jnn", "pytorch", "djl", "best_peer",
                "vs_peer", "ceiling", "vs_ceil", "pytorch_env", "djl_env"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.workload(), r.unit(), num(r.jnn()), num(r.pytorch().best()),
                    num(r.djl().best()), num(r.bestPeer()), ratio(r.ratioVsBestPeer()), num(r.ceiling()),
                    ratio(r.ratioVsCeiling()), r.pytorch().env(), r.djl().env()));
        }
        if (rows.stream().anyMatch(r -> r.pytorch().byEnv().size() + r.djl().byEnv().size() > 2)) {
            sb.append("\nEvery peer setting (the best of each peer is kept above):\n");
            for (Row r : rows) {
                var cells = new ArrayList<String>();
                r.pytorch().byEnv().forEach((env, v) -> cells.add("pytorch[" + env + "]=" + cell(v)));
                r.djl().byEnv().forEach((env, v) -> cells.add("djl[" + env + "]=" + cell(v)));
                sb.append(String.format(Locale.ROOT, "  %-28s %s%n", r.workload(), String.join("  ", cells)));
            }
        }
        if (rows.stream().anyMatch(r -> Workload.lowerIsBetter(r.unit()))) {
            sb.append("\n").append(Workload.PEAK_RSS).append(" rows: peak resident set (VmHWM) of a fresh process that ran"
                    + " only that workload, lower is better;\nthere vs_peer = best peer / jnn, so above 1 means jnn is"
                    + " better on every row.\n");
        }
        return sb.toString();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : num(v);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Writes {@code text} to a sibling temporary file, then renames it over {@code target}. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
