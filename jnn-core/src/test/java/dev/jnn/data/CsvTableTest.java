package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("t.csv"), text);
    }

    @Test
    void picksColumnsByNameAndMapsStringLabels() throws IOException {
        CsvTable t = CsvTable.read(csv("a,b,kind,c\n1,2,\"dog\",3\n4,5,cat,6\n\n7,8,dog,\"9\"\n"));
        TensorDataset d = t.classification(List.of("c", "a"), "kind");
        assertArrayEquals(new float[] {3, 1, 6, 4, 9, 7}, d.features().toArray());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        TensorDataset r = t.regression(List.of("a"), List.of("b", "c"));
        assertArrayEquals(new int[] {3, 2}, r.targets().shape().toArray());
    }

    @Test
    void raggedAndNonNumericRowsNameTheLine() throws IOException {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(csv("a,b\n1,2\n3\n")));
        assertEquals("line 3", e.position());
        assertTrue(e.getMessage().contains("1 fields") && e.getMessage().contains("2 columns"), e.getMessage());
        CsvTable t = CsvTable.read(csv("a,b\n1,2\n\n3,x7\n"));
        e = assertThrows(DataFormatException.class, () -> t.features(List.of("a", "b")));
        assertEquals("line 4", e.position());
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("x7"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> t.features(List.of("zz")));
        assertTrue(e.getMessage().contains("no column named 'zz'"), e.getMessage());
        assertThrows(DataFormatException.class, () -> CsvTable.read(csv("")));
        assertThrows(DataFormatException.class, () -> CsvTable.read(csv("a,b\n")));
        assertThrows(DataFormatException.class, () -> CsvTable.read(csv("a,b\n\"1,2\n")));
    }

    @Test
    void scalerFittedOnTrainingRowsOnly() {
        Tensor train = Tensor.of(new float[] {0, 10, 2, 10, 4, 10}, 3, 2);
        Tensor test = Tensor.of(new float[] {6, 3}, 1, 2);
        Scaler s = Scaler.standardize(train);
        float sd = (float) Math.sqrt(8.0 / 3);
        assertArrayEquals(new float[] {2, 10}, s.shift());
        assertArrayEquals(new float[] {sd, 1}, s.scale(), 1e-6f);
        assertArrayEquals(new float[] {4 / sd, -7}, s.apply(test).toArray(), 1e-5f);
        Scaler m = Scaler.minMax(train);
        assertArrayEquals(new float[] {1.5f, -7}, m.apply(test).toArray(), 1e-6f);
    }

    @Test
    void realIrisAndDigits() throws IOException {
        Path shared = TestFiles.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("iris")), "shared/datasets not found");
        TensorDataset iris = CsvTable.read(shared.resolve("iris/iris.csv")).classification("species");
        assertEquals(150, iris.size());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertEquals(2, iris.label(149));
        Scaler s = Scaler.standardize(iris.features());
        // The published column means of Fisher's iris.
        assertArrayEquals(new float[] {5.8433f, 3.0573f, 3.7580f, 1.1993f}, s.shift(), 1e-4f);
        Splits.Split split = Splits.trainValidation(iris, 0.2, 1, true);
        Scaler fitted = Scaler.standardize(split.train());
        assertEquals(120, split.train().size());
        TensorDataset validation = fitted.apply(split.validation());
        assertEquals(30, validation.size());
        assertEquals(List.of("setosa", "versicolor", "virginica"), validation.classNames());
        assertEquals(split.validation().label(7), validation.label(7));
        assertEquals((split.validation().get(7).x().get(2) - fitted.shift()[2]) / fitted.scale()[2],
                validation.features().get(7, 2), 1e-6f);
        float[] scaled = fitted.apply(iris).features().toArray();
        assertEquals((iris.features().get(0, 0) - fitted.shift()[0]) / fitted.scale()[0], scaled[0], 1e-6f);

        TensorDataset digits = CsvTable.read(shared.resolve("digits/digits.csv")).classification("label");
        assertEquals(1797, digits.size());
        assertEquals(64, digits.featureShape().size());
        assertEquals(10, digits.numClasses());
        assertEquals(0, digits.label(0));
        assertEquals(5f, digits.features().get(0, 2));
    }
}
