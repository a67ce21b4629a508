package dev.jnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Result r(String name, String unit, double v) {
        return new Result(name, unit, v, "");
    }

    private static Map<String, List<Result>> envs(Object... labelAndResults) {
        var m = new LinkedHashMap<String, List<Result>>();
        for (int i = 0; i < labelAndResults.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Result> rs = (List<Result>) labelAndResults[i + 1];
            m.put((String) labelAndResults[i], rs);
        }
        return m;
    }

    @Test
    void keepsEachPeersBestSettingAndComputesRatios() {
        var jnn = List.of(r("gemm-256", "GFLOP/s", 50), r("mlp-train-b64", "images/s", 900),
                r(Result.ceilingOf("gemm-256"), "GFLOP/s", 200));
        var torch = envs("unset", List.of(r("gemm-256", "GFLOP/s", 40), r("mlp-train-b64", "images/s", 1000)),
                "omp-passive", List.of(r("gemm-256", "GFLOP/s", 80), r("mlp-train-b64", "images/s", 500)));
        var djl = envs("default", List.of(r("gemm-256", "GFLOP/s", 100)));
        var notes = new ArrayList<String>();
        List<Row> rows = Report.merge(jnn, torch, djl, notes);

        assertEquals(2, rows.size());
        Row gemm = rows.get(0);
        assertEquals("gemm-256", gemm.workload());
        assertEquals(80, gemm.pytorch().best());
        assertEquals("omp-passive", gemm.pytorch().env());
        assertEquals(100, gemm.bestPeer());
        assertEquals(0.5, gemm.ratioVsBestPeer(), 1e-12);
        assertEquals(200, gemm.ceiling());
        assertEquals(0.25, gemm.ratioVsCeiling(), 1e-12);

        Row mlp = rows.get(1);
        assertEquals("unset", mlp.pytorch().env());
        assertTrue(Double.isNaN(mlp.djl().best()), "DJL did not report this row: its cell must stay empty");
        assertEquals(1000, mlp.bestPeer());
        assertTrue(Double.isNaN(mlp.ceiling()), "images/s rows have no FMA ceiling");
    }

    /** bench/run --rounds N appends each side's rows once per round: each side's value is the median of its rounds. */
    @Test
    void rowsReportedInSeveralRoundsTakeTheMedianOfEachSide() {
        var jnn = List.of(r("mlp-train-b64", "images/s", 900), r("mlp-train-b64", "images/s", 300),
                r("mlp-train-b64", "images/s", 1000));
        var torch = envs("unset", List.of(r("mlp-train-b64", "images/s", 400), r("mlp-train-b64", "images/s", 800),
                r("mlp-train-b64", "images/s", 500)));
        List<Row> rows = Report.merge(jnn, torch, envs(), new ArrayList<>());

        assertEquals(1, rows.size());
        Row mlp = rows.get(0);
        assertEquals(900, mlp.jnn());
        assertEquals(500, mlp.pytorch().best());
        assertEquals(1.8, mlp.ratioVsBestPeer(), 1e-12);
    }

    /** Each GFLOP/s row is compared with the ceiling measured right after it, the median of its rounds. */
    @Test
    void eachRowHasTheCeilingMeasuredAfterItAndCeilingsAreNotRows() {
        var jnn = List.of(r("gemm-256", "GFLOP/s", 50), r(Result.ceilingOf("gemm-256"), "GFLOP/s", 200),
                r("gemm-512", "GFLOP/s", 60), r(Result.ceilingOf("gemm-512"), "GFLOP/s", 100),
                r("gemm-256", "GFLOP/s", 40), r(Result.ceilingOf("gemm-256"), "GFLOP/s", 400),
                r("gemm-256", "GFLOP/s", 45), r(Result.ceilingOf("gemm-256"), "GFLOP/s", 300),
                r("gemm-1024", "GFLOP/s", 70));
        List<Row> rows = Report.merge(jnn, envs(), envs(), new ArrayList<>());

        assertEquals(List.of("gemm-256", "gemm-512", "gemm-1024"), rows.stream().map(Row::workload).toList());
        assertEquals(300, rows.get(0).ceiling());
        assertEquals(45.0 / 300, rows.get(0).ratioVsCeiling(), 1e-12);
        assertEquals(100, rows.get(1).ceiling());
        assertTrue(Double.isNaN(rows.get(2).ceiling()), "a row measured without a ceiling has none");
    }

    @Test
    void peakMemoryRowsKeepEachPeersSmallestAndTurnTheRatioAround() {
        String rss = Workload.PEAK_RSS;
        var jnn = List.of(r("mlp-train-b64", "images/s", 900), r("mlp-train-b64-peak-rss", rss, 200));
        var torch = envs("unset", List.of(r("mlp-train-b64-peak-rss", rss, 320)),
                "openblas-1", List.of(r("mlp-train-b64-peak-rss", rss, 300)));
        var djl = envs("default", List.of(r("mlp-train-b64-peak-rss", rss, 500)),
                "omp-passive", List.of(r("mlp-train-b64-peak-rss", rss, 480)));
        List<Row> rows = Report.merge(jnn, torch, djl, new ArrayList<>());

        Row mem = rows.get(1);
        assertEquals("mlp-train-b64-peak-rss", mem.workload());
        assertEquals(300, mem.pytorch().best());
        assertEquals("openblas-1", mem.pytorch().env());
        assertEquals(480, mem.djl().best());
        assertEquals(300, mem.bestPeer(), "the peer using the least memory is the one to beat");
        assertEquals(1.5, mem.ratioVsBestPeer(), 1e-12, "best peer / jnn: above 1 when jnn uses less");
        assertTrue(Report.csv(rows).contains("mlp-train-b64-peak-rss,MiB RSS,200.0,300.0,480.0,300.0,1.500,,"),
                Report.csv(rows));
        assertTrue(Report.table(rows).contains("lower is better"), Report.table(rows));
    }

    @Test
    void csvHasTheFixedColumnsAndEmptyCellsForMissingValues() {
        var jnn = List.of(r("conv3x3-64-fwd", "GFLOP/s", 12.34), r(Result.ceilingOf("conv3x3-64-fwd"), "GFLOP/s", 100));
        var notes = new ArrayList<String>();
        List<Row> rows = Report.merge(jnn, envs("unset", List.of()), envs(), notes);
        String csv = Report.csv(rows);
        assertEquals("workload,unit,jnn,pytorch,djl,best_peer,ratio_vs_best_peer,ceiling,ratio_vs_ceiling\n"
                + "conv3x3-64-fwd,GFLOP/s,12.3,,,,,100.0,0.123\n", csv);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("pytorch [unset]: no results")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("djl: not run")), notes.toString());
    }

    @Test
    void rowsOnlyAPeerKnowsComeLastAndFailedRunsStayEmpty() {
        var jnn = List.of(r("gemm-512", "GFLOP/s", 10));
        var torch = envs("unset", List.of(new Result("gemm-512", "GFLOP/s", Double.NaN, "pytorch failed: boom"),
                r("extra", "images/s", 3)));
        var notes = new ArrayList<String>();
        List<Row> rows = Report.merge(jnn, torch, envs(), notes);
        assertEquals(List.of("gemm-512", "extra"), rows.stream().map(Row::workload).toList());
        assertTrue(Double.isNaN(rows.get(0).pytorch().best()));
        assertEquals("", rows.get(0).pytorch().env());
        assertTrue(notes.contains("pytorch [unset] gemm-512: pytorch failed: boom"), notes.toString());
    }

    @Test
    void disagreeingUnitsAreAnError() {
        var jnn = List.of(r("gemm-512", "GFLOP/s", 10));
        var torch = envs("unset", List.of(r("gemm-512", "images/s", 3)));
        var e = assertThrows(IllegalStateException.class, () -> Report.merge(jnn, torch, envs(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("gemm-512"), e.getMessage());
    }

    @Test
    void resultLinesRoundTripThroughAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("side.tsv");
        var written = List.of(r("gemm-256", "GFLOP/s", 1.5), new Result("x", "GFLOP/s", Double.NaN, "why\tnot"));
        Files.writeString(f, "# comment\n" + written.get(0).toLine() + "\n" + written.get(1).toLine() + "\n");
        List<Result> read = Result.read(f);
        assertEquals(2, read.size());
        assertEquals(1.5, read.get(0).value());
        assertFalse(read.get(1).measured());
        assertEquals("why not", read.get(1).note());
        assertTrue(Result.read(dir.resolve("missing.tsv")).isEmpty());
    }

    @Test
    void csvIsReplacedWholeAndNoTemporaryFileRemains(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, "old");
        Report.writeAtomically(csv, "new\n");
        assertEquals("new\n", Files.readString(csv));
        assertFalse(Files.exists(dir.resolve("results.csv.tmp")));
    }
}
