package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownDatasetsTest {

    @TempDir
    Path dataDir;

    private static final Downloader OFFLINE = (source, target) -> {
        throw new IOException("offline (test)");
    };

    @Test
    void findsIdxFilesRawOrGzipInTheDataFolder() throws IOException {
        Path fm = dataDir.resolve("fashion-mnist");
        TestFiles.write(fm.resolve("t10k-images-idx3-ubyte"), TestFiles.idx(new int[] {2, 28, 28}, new byte[1568]));
        TestFiles.write(fm.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idx(new int[] {2},
                new byte[] {4, 5})));
        TensorDataset test = new KnownDatasets(dataDir, OFFLINE, Map.of(), List.of()).load("fashion-mnist", false);
        assertArrayEquals(new int[] {4, 5}, test.labels());
        assertArrayEquals(new int[] {1, 28, 28}, test.featureShape().toArray());
    }

    @Test
    void offlineAndMissingSaysWhereToPutWhichFiles() {
        KnownDatasets k = new KnownDatasets(dataDir, OFFLINE, Map.of("fashion-mnist", "http://127.0.0.1:9/"),
                List.of());
        IOException e = assertThrows(IOException.class, () -> k.load("fashion-mnist", true));
        String m = e.getMessage();
        assertTrue(m.contains(dataDir.resolve("fashion-mnist").toString()) && m.contains("train-images-idx3-ubyte")
                && m.contains("apt-get install dataset-fashion-mnist") && m.contains("offline (test)"), m);
        e = assertThrows(IOException.class, () -> new KnownDatasets(dataDir, null, Map.of(), List.of())
                .load("cifar-10", true));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        e = assertThrows(IOException.class, () -> k.load("iris", true));
        assertTrue(e.getMessage().contains(dataDir.resolve("iris").toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> k.load("imagenet", true));
    }

    @Test
    void downloadsOverHttpWithChecksumsFromALocalServer() throws IOException {
        Path shared = TestFiles.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("mnist")), "shared/datasets/mnist not found");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", ex -> {
            Path f = shared.resolve("mnist").resolve(Path.of(ex.getRequestURI().getPath()).getFileName());
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/bad/", ex -> {
            byte[] body = "not mnist".getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            KnownDatasets good = new KnownDatasets(dataDir, Downloader.http(), Map.of("mnist", base + "/good/"),
                    List.of());
            TensorDataset test = good.load("mnist", false);
            assertEquals(10_000, test.size());
            assertTrue(Files.exists(dataDir.resolve("mnist/t10k-images-idx3-ubyte.gz")));
            assertFalse(Files.exists(dataDir.resolve("mnist/train-images-idx3-ubyte.gz")), "only what was asked");

            Path other = dataDir.resolve("other");
            KnownDatasets bad = new KnownDatasets(other, Downloader.http(), Map.of("mnist", base + "/bad/"),
                    List.of());
            DataFormatException e = assertThrows(DataFormatException.class, () -> bad.load("mnist", false));
            assertTrue(e.getMessage().contains("MD5"), e.getMessage());
            try (var files = Files.list(other.resolve("mnist"))) {
                assertEquals(0, files.count(), "a download failing its checksum leaves nothing behind");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void irisAndDigitsFromSharedDatasets() throws IOException {
        Path shared = TestFiles.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("iris")), "shared/datasets not found");
        KnownDatasets k = new KnownDatasets(dataDir, null, Map.of(), List.of(shared));
        assertEquals(150, k.load("iris", true).size());
        assertEquals(1797, k.load("digits", true).size());
        assertEquals(shared.toAbsolutePath(), KnownDatasets.findSharedDatasets(Path.of("")));
    }
}
