package dev.jnn.optim.schedule;

/** Argument checks shared by the schedules. */
final class Schedules {

    private Schedules() {}

    static void checkRate(String schedule, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(schedule + ": learning rate must be finite and >= 0, got " + lr);
        }
    }

    static void checkPositive(String schedule, String what, double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(schedule + ": " + what + " must be finite and > 0, got " + x);
        }
    }

    static void checkTick(String schedule, long t) {
        if (t < 0) {
            throw new IllegalArgumentException(schedule + ": tick t must be >= 0, got " + t);
        }
    }
}
