package dev.jnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic train/validation splits and k-fold cross-validation splits (views, nothing copied). */
public final class Splits {

    private Splits() {
    }

    /** A pair of disjoint views of one data set. */
    public record Split(Dataset train, Dataset validation) {
    }

    /**
     * Puts a {@code validationFraction} of the examples (shuffled with {@code seed}) into validation. Stratified:
     * each class is split separately, so both parts keep the class proportions (needs labels).
     */
    public static Split trainValidation(Dataset data, double validationFraction, long seed, boolean stratified) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("trainValidation: validation fraction must be in (0, 1), got "
                    + validationFraction);
        }
        List<int[]> groups = groups(data, seed, stratified, "trainValidation");
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int[] g : groups) {
            int v = (int) Math.round(g.length * validationFraction);
            for (int i = 0; i < g.length; i++) {
                (i < v ? val : train).add(g[i]);
            }
        }
        return new Split(data.subset(sorted(train)), data.subset(sorted(val)));
    }

    /**
     * The k folds of k-fold cross-validation: split i validates on fold i and trains on the others. Examples are
     * shuffled with {@code seed} (per class when stratified) and dealt round-robin, so fold sizes differ by at most
     * one (per class).
     */
    public static List<Split> kFold(Dataset data, int k, long seed, boolean stratified) {
        if (k < 2 || k > data.size()) {
            throw new IllegalArgumentException("kFold: k must be in [2, " + data.size() + "] for a data set of "
                    + data.size() + " examples, got " + k);
        }
        List<int[]> groups = groups(data, seed, stratified, "kFold");
        int[] fold = new int[data.size()];
        int next = 0;
        for (int[] g : groups) {
            for (int index : g) {
                fold[index] = next;
                next = (next + 1) % k;
            }
        }
        List<Split> splits = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> val = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == f ? val : train).add(i);
            }
            splits.add(new Split(data.subset(toArray(train)), data.subset(toArray(val))));
        }
        return List.copyOf(splits);
    }

    /** Shuffled indices, as one group or one group per class. */
    private static List<int[]> groups(Dataset data, long seed, boolean stratified, String op) {
        int n = data.size();
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        if (!stratified) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            shuffle(all, rng);
            groups.add(all);
            return groups;
        }
        if (!data.hasLabels()) {
            throw new IllegalArgumentException(op + ": a stratified split needs class labels; this data set has none");
        }
        int classes = 0;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
            if (labels[i] < 0) {
                throw new IllegalArgumentException(op + ": example " + i + " has label " + labels[i]);
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        for (int[] g : byClass) {
            shuffle(g, rng);
            groups.add(g);
        }
        return groups;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static int[] sorted(List<Integer> list) {
        int[] a = toArray(list);
        java.util.Arrays.sort(a);
        return a;
    }
}
