package dev.jnn.train;

import dev.jnn.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch: {@code epoch} (from 1, continuing the file's numbering when appending), then the
 * metrics of the first epoch's logs in order, in full precision. After each epoch the whole file is rewritten to a
 * temporary file and renamed atomically, so a reader (or a crash) sees either the previous rows or the new ones,
 * never half a row. With {@code append}, rows of an earlier run with the same columns are kept.
 */
public final class CsvLogger implements Callback {

    private final Path file;
    private final boolean append;
    private final List<String> lines = new ArrayList<>();
    private List<String> columns;
    private int firstEpoch;

    /** Starts a new file (replacing an old one) at the first epoch. */
    public CsvLogger(Path file) {
        this(file, false);
    }

    /** With {@code append}, keeps the rows already in {@code file} and numbers new epochs after them. */
    public CsvLogger(Path file, boolean append) {
        this.file = file;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Trainer trainer, Fit fit) {
        lines.clear();
        columns = null;
        firstEpoch = 1;
        if (append && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger: cannot read " + file + " to append to it", e);
            }
            if (!lines.isEmpty()) {
                columns = List.of(lines.get(0).split(",", -1)).subList(1, lines.get(0).split(",", -1).length);
                firstEpoch = lines.size();
            }
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (columns == null) {
            columns = List.copyOf(logs.keySet());
            lines.add("epoch," + String.join(",", columns));
        }
        StringBuilder row = new StringBuilder().append(firstEpoch + epoch);
        for (String c : columns) {
            Double v = logs.get(c);
            row.append(',').append(v == null ? "" : v.toString());
        }
        lines.add(row.toString());
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(l).append('\n'));
        try {
            AtomicFile.write(file, all.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
