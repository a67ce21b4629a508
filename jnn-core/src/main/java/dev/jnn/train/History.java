package dev.jnn.train;

import dev.jnn.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every metric of every epoch of a fit, as Keras' {@code History}: {@code history.get("val_accuracy")[3]} is the
 * validation accuracy after the fourth epoch. Keys written by {@link Trainer}: {@value #LOSS}, {@value #ACCURACY}
 * (with class labels), {@value #VAL_LOSS} and {@value #VAL_ACCURACY} (with validation data), {@value #LR} (the
 * learning rate at the end of the epoch), {@value #EPOCH_TIME} (seconds, validation included) and
 * {@value #EXAMPLES_PER_SECOND} (training throughput).
 */
public final class History {

    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String VAL_LOSS = "val_loss";
    public static final String VAL_ACCURACY = "val_accuracy";
    public static final String LR = "lr";
    public static final String EPOCH_TIME = "epoch_time";
    public static final String EXAMPLES_PER_SECOND = "images_per_s";

    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** Appends one epoch's metrics (copied). */
    public void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs.size();
    }

    /** The metrics of epoch {@code i} (from 0). */
    public Map<String, Double> epoch(int i) {
        return epochs.get(i);
    }

    /** Every key that appears in some epoch, in order of first appearance. */
    public List<String> keys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        epochs.forEach(e -> keys.addAll(e.keySet()));
        return List.copyOf(keys);
    }

    /** The values of {@code key} per epoch; NaN for epochs that lack it; fails for a key no epoch has. */
    public double[] get(String key) {
        if (!keys().contains(key)) {
            throw new IllegalArgumentException("History has no metric '" + key + "'; it has " + keys());
        }
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        }
        return out;
    }

    /** The value of {@code key} in the last epoch. */
    public double last(String key) {
        double[] v = get(key);
        return v[v.length - 1];
    }

    /** The epoch (from 0) with the best value of {@code key}: highest for accuracies and the like, else lowest. */
    public int bestEpoch(String key) {
        double[] v = get(key);
        boolean max = higherIsBetter(key);
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (best < 0 || (max ? v[i] > v[best] : v[i] < v[best]))) {
                best = i;
            }
        }
        return best;
    }

    /** Whether larger values of the metric {@code key} are better (accuracy, precision, recall, F1, AUC). */
    public static boolean higherIsBetter(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("acc") || k.contains("precision") || k.contains("recall") || k.contains("f1")
                || k.contains("auc");
    }

    /** CSV with a header row: {@code epoch} (from 1), then every key; values in full precision. */
    public String toCsv() {
        List<String> keys = keys();
        StringBuilder sb = new StringBuilder("epoch");
        keys.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(i + 1);
            for (String k : keys) {
                Double v = epochs.get(i).get(k);
                sb.append(',').append(v == null ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code file} atomically. */
    public void writeCsv(Path file) throws IOException {
        AtomicFile.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** An aligned table, one row per epoch. */
    @Override
    public String toString() {
        List<String> keys = keys();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s", "epoch"));
        int[] widths = new int[keys.size()];
        for (int j = 0; j < keys.size(); j++) {
            widths[j] = Math.max(10, keys.get(j).length());
            sb.append("  ").append(String.format(Locale.ROOT, "%" + widths[j] + "s", keys.get(j)));
        }
        for (int i = 0; i < epochs.size(); i++) {
            sb.append('\n').append(String.format(Locale.ROOT, "%5d", i + 1));
            for (int j = 0; j < keys.size(); j++) {
                Double v = epochs.get(i).get(keys.get(j));
                sb.append("  ").append(String.format(Locale.ROOT, "%" + widths[j] + "s", format(keys.get(j), v)));
            }
        }
        return sb.toString();
    }

    /** Short human formatting: throughput as an integer, learning rates in scientific notation, else 4 decimals. */
    static String format(String key, Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        return switch (key) {
            case EXAMPLES_PER_SECOND -> String.format(Locale.ROOT, "%.0f", v);
            case LR -> String.format(Locale.ROOT, "%.3g", v);
            case EPOCH_TIME -> String.format(Locale.ROOT, "%.2fs", v);
            default -> String.format(Locale.ROOT, "%.4f", v);
        };
    }
}
