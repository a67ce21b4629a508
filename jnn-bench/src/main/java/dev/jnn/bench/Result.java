package dev.jnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured row as every side of the benchmark writes it: a tab-separated line {@code workload, unit, value, note}.
 * The value is empty (NaN here) when that side could not run the workload; the note then says why. Lines starting
 * with {@code #} are comments. This is the whole exchange format between jnn, the PyTorch script and the DJL runner.
 *
 * @param workload the shared workload name, or that name with {@value #CEILING_SUFFIX} for the machine's FMA ceiling
 *                 timed interleaved with that workload's samples
 * @param unit     throughput unit, higher is better
 * @param value    median throughput, NaN when not measured
 * @param note     free text (why a value is missing, how it was derived), may be empty
 */
public record Result(String workload, String unit, double value, String note) {

    /**
     * The suffix of the rows under which the jnn side reports the FMA ceiling timed interleaved with a GFLOP/s row's
     * samples, {@code gemm-2048-fma-ceiling}: the machine's speed drifts by up to 2× within minutes here, and a
     * ceiling measured a minute away from its row would compare two different machines.
     */
    public static final String CEILING_SUFFIX = "-fma-ceiling";

    /** The name of the ceiling row of {@code workload}. */
    public static String ceilingOf(String workload) {
        return workload + CEILING_SUFFIX;
    }

    public Result {
        note = note == null ? "" : note.replace('\t', ' ').replace('\n', ' ');
    }

    public boolean measured() {
        return !Double.isNaN(value);
    }

    public String toLine() {
        return workload + "\t" + unit + "\t" + (measured() ? String.format(Locale.ROOT, "%.4f", value) : "") + "\t" + note;
    }

    static Result parse(String line, Path source) {
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
            throw new IllegalArgumentException("benchmark result file " + source + ": expected 'workload<TAB>unit<TAB>value"
                    + "[<TAB>note]', got '" + line + "'");
        }
        double v = f[2].isBlank() ? Double.NaN : Double.parseDouble(f[2].trim());
        return new Result(f[0].trim(), f[1].trim(), v, f.length > 3 ? f[3].trim() : "");
    }

    /** Reads a result file; a missing file is an empty list (that side did not run). */
    static List<Result> read(Path file) throws IOException {
        var rows = new ArrayList<Result>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(parse(line, file));
            }
        }
        return rows;
    }
}
