package dev.jnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWorkloadsTest {

    private static final List<String> MODEL_ROWS = List.of("mlp-train-b64", "mlp-train-b256", "mlp-infer-b256",
            "lenet5-train-b64", "lenet5-train-b256", "lenet5-infer-b256", "resnet20-train-b128", "resnet20-infer-b256");

    @Test
    void modelRowsAreRegisteredInTableOrderWithImagesPerBatch() {
        List<Workload> rows = Workloads.select(MODEL_ROWS);
        assertEquals(MODEL_ROWS, rows.stream().map(Workload::name).toList());
        for (Workload w : rows) {
            assertEquals("images/s", w.unit(), w.name());
            assertFalse(w.hasCeiling(), w.name() + " must have no FMA ceiling");
            int batch = Integer.parseInt(w.name().substring(w.name().lastIndexOf("-b") + 2));
            assertEquals(batch, w.work(), w.name() + ": work per call is the batch size");
        }
        assertEquals(MODEL_ROWS, Workloads.all().subList(Workloads.all().size() - MODEL_ROWS.size(),
                Workloads.all().size()).stream().map(Workload::name).toList(), "model rows come last");
    }

    @Test
    void smallModelBodiesRunRepeatedly() {
        // Two calls each: the second runs on the workspace and optimizer state the first left behind.
        for (String name : List.of("mlp-train-b64", "mlp-infer-b256", "lenet5-train-b64", "lenet5-infer-b256")) {
            Runnable body = Workloads.select(List.of(name)).get(0).setup().get();
            body.run();
            body.run();
        }
    }
}
