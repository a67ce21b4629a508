package dev.jnn.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * One peer's figure on one row: the best (for peak memory the lowest) median over the environment settings it was run under, which setting gave
 * it, and every setting's median (so the table can show how much the setting matters).
 *
 * @param best  the best median, NaN if no setting produced one
 * @param env   the label of the setting that gave {@code best}, empty if none
 * @param byEnv every setting's median in the order tried, NaN where that run failed or skipped the row
 */
public record PeerResult(double best, String env, SequencedMap<String, Double> byEnv) {

    public PeerResult {
        byEnv = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(byEnv));
    }

    /** The highest of {@code byEnv}; on a tie the setting tried first wins. */
    static PeerResult of(SequencedMap<String, Double> byEnv) {
        return of(byEnv, false);
    }

    /** The best of {@code byEnv}, the lowest when {@code lowerIsBetter}; on a tie the setting tried first wins. */
    static PeerResult of(SequencedMap<String, Double> byEnv, boolean lowerIsBetter) {
        double best = Double.NaN;
        String env = "";
        for (var e : byEnv.entrySet()) {
            double v = e.getValue();
            if (!Double.isNaN(v) && (Double.isNaN(best) || (lowerIsBetter ? v < best : v > best))) {
                best = v;
                env = e.getKey();
            }
        }
        return new PeerResult(best, env, byEnv);
    }
}
