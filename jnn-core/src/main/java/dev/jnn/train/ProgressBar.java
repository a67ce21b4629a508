package dev.jnn.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Console progress. On a terminal one line per epoch is redrawn in place with {@code \r} (at most every 100 ms):
 * <pre>
 * Epoch 3/10 [==========>.........] 29/57  loss 0.4321  accuracy 0.8765  5123 img/s  ETA 0:01
 * </pre>
 * and completed with the validation metrics when the epoch ends. When the output is not a terminal (a log file, a
 * CI console) it prints one plain line per epoch instead, so logs carry no control characters.
 */
public final class ProgressBar implements Callback {

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private long lastDraw;
    private int lastLength;

    /** Progress on standard output, redrawn in place only when it is a terminal. */
    public ProgressBar() {
        this(System.out, isTerminal());
    }

    /** Progress on {@code out}; {@code interactive} chooses in-place updates over one line per epoch. */
    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Whether standard output is an interactive terminal (not redirected to a file or pipe). */
    public static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onTrainBegin(Trainer trainer, Fit fit) {
        epochs = fit.epochs();
        lastDraw = 0;
        lastLength = 0;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchLogs logs) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        boolean last = logs.batch() + 1 == logs.batches();
        if (!last && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int done = logs.batch() + 1;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Epoch %d/%d [", logs.epoch() + 1, logs.epochs()));
        int filled = (int) ((long) WIDTH * done / Math.max(1, logs.batches()));
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        sb.append(String.format(Locale.ROOT, "] %d/%d  loss %.4f", done, logs.batches(), logs.loss()));
        if (!Double.isNaN(logs.accuracy())) {
            sb.append(String.format(Locale.ROOT, "  accuracy %.4f", logs.accuracy()));
        }
        double rate = logs.examplesPerSecond();
        sb.append(String.format(Locale.ROOT, "  %.0f img/s", rate));
        double perBatch = logs.seconds() / done;
        sb.append("  ETA ").append(clock(perBatch * (logs.batches() - done)));
        redraw(sb.toString());
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> {
            if (!k.equals(History.EPOCH_TIME) && !k.equals(History.EXAMPLES_PER_SECOND)) {
                sb.append("  ").append(k).append(' ').append(History.format(k, v));
            }
        });
        sb.append("  ").append(History.format(History.EXAMPLES_PER_SECOND, logs.get(History.EXAMPLES_PER_SECOND)))
                .append(" img/s  ").append(History.format(History.EPOCH_TIME, logs.get(History.EPOCH_TIME)));
        if (interactive) {
            redraw(sb.toString());
            out.println();
            lastLength = 0;
        } else {
            out.println(sb);
        }
        out.flush();
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (trainer.stopReason() != null) {
            out.println("Stopped early: " + trainer.stopReason());
            out.flush();
        }
    }

    /** Rewrites the current line, blanking what is left of a longer previous one. */
    private void redraw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
