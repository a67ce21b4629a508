package dev.jnn.optim;

/**
 * A group of parameters selected by name prefix that gets its own learning-rate multiplier and weight decay, e.g.
 * a fine-tuned head trained 10× faster than a pre-trained body, or biases without weight decay.
 *
 * @param prefix       parameters whose {@link Trainable#name()} starts with it belong to the group; when several
 *                     groups match, the longest prefix wins
 * @param lrScale      the group's learning rate is the optimizer's learning rate times this (so schedules still apply)
 * @param weightDecay  the group's weight decay, or {@code NaN} to keep the optimizer's
 */
public record ParamGroup(String prefix, double lrScale, double weightDecay) {

    public ParamGroup {
        if (prefix == null) {
            throw new IllegalArgumentException("ParamGroup: prefix must not be null (use \"\" to match every name)");
        }
        if (!(lrScale >= 0) || Double.isInfinite(lrScale)) {
            throw new IllegalArgumentException("ParamGroup '" + prefix + "': lrScale must be finite and >= 0, got "
                    + lrScale);
        }
        if (weightDecay < 0 || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("ParamGroup '" + prefix + "': weightDecay must be finite and >= 0 (or"
                    + " NaN to inherit), got " + weightDecay);
        }
    }

    /** A group with its own learning-rate multiplier that keeps the optimizer's weight decay. */
    public static ParamGroup of(String prefix, double lrScale) {
        return new ParamGroup(prefix, lrScale, Double.NaN);
    }

    boolean matches(String name) {
        return name.startsWith(prefix);
    }
}
