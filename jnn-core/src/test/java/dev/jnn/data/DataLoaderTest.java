package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** 10 examples [1, 2, 2]: example i is filled with the value i; label i % 3. */
    private static TensorDataset numbered(int n) {
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, i * 4, i * 4 + 4, i);
            y[i] = i % 3;
        }
        return TensorDataset.of(Tensor.of(x, n, 1, 2, 2), y);
    }

    private static List<int[]> indices(Iterable<Batch> loader) {
        return indices(loader.iterator());
    }

    private static List<int[]> indices(java.util.Iterator<Batch> epoch) {
        List<int[]> out = new ArrayList<>();
        epoch.forEachRemaining(b -> out.add(b.indices()));
        return out;
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(BatchIterator.THREAD_PREFIX) && t.isAlive()).count();
    }

    private static void awaitNoPrefetchThreads() throws InterruptedException {
        for (int i = 0; i < 100 && prefetchThreads() > 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, prefetchThreads(), "a prefetch thread outlived its epoch");
    }

    @Test
    void batchesInOrderKeepingOrDroppingTheLastPartialBatch() {
        DataLoader loader = DataLoader.of(numbered(10), 4);
        assertEquals(3, loader.batchesPerEpoch());
        List<Batch> batches = new ArrayList<>();
        loader.epoch(0).forEachRemaining(batches::add);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {4, 1, 2, 2}, batches.get(0).x().shape().toArray());
        assertArrayEquals(new int[] {2, 1, 2, 2}, batches.get(2).x().shape().toArray());
        assertEquals(9f, batches.get(2).x().get(1, 0, 1, 1));
        assertArrayEquals(new int[] {2, 0}, batches.get(2).labels());
        assertNull(batches.get(0).y());
        assertEquals(2, indices(loader.dropLast(true).epoch(0)).size());
    }

    @Test
    void shuffleIsSeededPerEpochAndCoversEveryExample() {
        DataLoader a = DataLoader.of(numbered(50), 8).shuffle(7);
        DataLoader b = DataLoader.of(numbered(50), 8).shuffle(7).prefetch(0);
        List<int[]> e0 = indices(a.epoch(0));
        List<int[]> e1 = indices(a.epoch(1));
        assertEquals(e0.size(), indices(b.epoch(0)).size());
        for (int i = 0; i < e0.size(); i++) {
            assertArrayEquals(e0.get(i), indices(b.epoch(0)).get(i), "same seed and epoch, same order");
        }
        int[] all = e0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expected = new int[50];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, all);
        assertFalse(Arrays.equals(e0.get(0), e1.get(0)), "each epoch reshuffles");
        // The features follow the indices.
        Batch first = a.epoch(3).next();
        assertEquals((float) first.indices()[5], first.x().get(5, 0, 0, 0));
        // for-each advances the epoch.
        List<int[]> f0 = indices(a);
        List<int[]> f1 = indices(a);
        assertArrayEquals(e0.get(0), f0.get(0));
        assertArrayEquals(e1.get(0), f1.get(0));
    }

    @Test
    void lazyDatasetWithTargets() {
        LazyDataset lazy = new LazyDataset(7, Shape.of(3), Shape.of(1), false,
                i -> Example.regression(Tensor.of(new float[] {i, 2 * i, 3 * i}, 3), Tensor.of(new float[] {-i}, 1)));
        Batch b = DataLoader.of(lazy, 4).epoch(0).next();
        assertNull(b.labels());
        assertArrayEquals(new int[] {4, 1}, b.y().shape().toArray());
        assertEquals(-3f, b.y().get(3, 0));
        assertEquals(6f, b.x().get(2, 2));
    }

    @Test
    void augmentationIsAppliedPerExampleDeterministicallyWithoutTouchingTheDataset() {
        TensorDataset data = numbered(20);
        Transform addNoise = (img, rng) -> {
            float[] d = img.data();
            float r = (float) rng.nextDouble();
            for (int i = 0; i < d.length; i++) {
                d[i] += r;
            }
            return img;
        };
        DataLoader loader = DataLoader.of(data, 6).shuffle(3).augment(addNoise);
        float[] a = loader.epoch(2).next().x().toArray();
        float[] b = loader.prefetch(0).epoch(2).next().x().toArray();
        assertArrayEquals(a, b, "augmentation must not depend on the thread building the batch");
        Batch batch = loader.epoch(2).next();
        float delta = batch.x().get(0, 0, 0, 0) - batch.indices()[0];
        assertTrue(delta > 0 && delta < 1);
        assertEquals(5f, data.get(5).x().get(0, 0, 0), "the data set's own values are unchanged");
    }

    @Test
    void failuresOnThePrefetchThreadReachTheConsumer() throws InterruptedException {
        LazyDataset broken = LazyDataset.classified(10, Shape.of(1), i -> {
            if (i == 6) {
                throw new IllegalArgumentException("example 6 is broken");
            }
            return Example.classified(Tensor.of(new float[] {i}, 1), 0);
        });
        BatchIterator it = DataLoader.of(broken, 4).prefetch(2).epoch(0);
        assertNotNull(it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getCause().getMessage().contains("example 6 is broken"), e.getMessage());
        assertFalse(it.hasNext());
        awaitNoPrefetchThreads();
    }

    @Test
    void noPrefetchThreadOutlivesAnEpochClosedOrAbandoned() throws InterruptedException {
        DataLoader loader = DataLoader.of(numbered(100), 2).prefetch(2);
        for (Batch b : loader) {
            assertNotNull(b);
        }
        awaitNoPrefetchThreads();

        try (BatchIterator it = loader.epoch(1)) {
            it.next();
        }
        awaitNoPrefetchThreads();

        // Early break in a for-each: the next epoch closes the abandoned iterator...
        for (Batch b : loader) {
            break;
        }
        BatchIterator next = loader.iterator();
        next.close();
        awaitNoPrefetchThreads();

        // ...and an iterator nobody closes ends once it is garbage-collected.
        Thread producer = loader.epoch(5).producerThread();
        assertNotNull(producer);
        for (int i = 0; i < 100 && producer.isAlive(); i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertFalse(producer.isAlive(), "an abandoned prefetch thread must end after its iterator is collected");
        assertTrue(producer.isDaemon());
    }

    @Test
    void augmentationMayResizeButEveryExampleOfABatchNeedsOneShape() {
        TensorDataset data = numbered(6);
        Batch b = DataLoader.of(data, 3).augment(Transform.resize(4, 3)).prefetch(0).epoch(0).next();
        assertArrayEquals(new int[] {3, 1, 4, 3}, b.x().shape().toArray());
        assertEquals(2f, b.x().get(2, 0, 3, 2), 1e-6f);
        Transform ragged = (img, rng) -> rng.nextBoolean() ? img : Transform.resize(3, 3).apply(img, rng);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (Batch batch : DataLoader.of(data, 6).augment(ragged).prefetch(1)) {
                assertNotNull(batch);
            }
        });
        assertTrue(e.getMessage().contains("same shape") || e.getCause().getMessage().contains("same shape"),
                e.getMessage());
    }
}
