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

    /** A ustar member: 512-byte header (name, octal size, type '0') then the data padded to 512 bytes. */
    private static void tarMember(java.io.ByteArrayOutputStream out, String name, byte[] data) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    @Test
    void cifar10ArchiveIsDownloadedCheckedAndOnlyTheBatchesExtracted() throws IOException {
        var tar = new java.io.ByteArrayOutputStream();
        tarMember(tar, "cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        tarMember(tar, "../../evil.bin", new byte[] {1, 2, 3});
        for (int b = 1; b <= 5; b++) {
            tarMember(tar, "cifar-10-batches-bin/data_batch_" + b + ".bin",
                    TestFiles.cifar(2, 1, new int[][] {{b}, {b + 1}}));
        }
        tarMember(tar, "cifar-10-batches-bin/test_batch.bin", TestFiles.cifar(1, 1, new int[][] {{7}}));
        tar.writeBytes(new byte[1024]);
        Path served = TestFiles.write(dataDir.resolve("served/cifar.tgz"), TestFiles.gzip(tar.toByteArray()));
        String md5 = KnownDatasets.md5(served);
        Downloader local = (source, target) -> {
            assertEquals("http://example.invalid/cifar/cifar-10-binary.tar.gz", source.toString());
            Files.copy(served, target);
        };
        Path data = dataDir.resolve("data");
        KnownDatasets k = new KnownDatasets(data, local, Map.of("cifar-10", "http://example.invalid/cifar/"),
                List.of(), Map.of("cifar-10", Map.of("cifar-10-binary.tar.gz", md5)));
        TensorDataset train = k.load("cifar-10", true);
        assertEquals(10, train.size());
        assertArrayEquals(new int[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, train.labels());
        assertArrayEquals(new int[] {7}, k.load("cifar-10", false).labels());
        try (var files = Files.list(data.resolve("cifar-10"))) {
            assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin", "test_batch.bin"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "only the six batches are kept (no archive, no stray member)");
        }
        assertFalse(Files.exists(dataDir.resolve("evil.bin")));

        KnownDatasets wrong = new KnownDatasets(dataDir.resolve("w"), local,
                Map.of("cifar-10", "http://example.invalid/cifar/"), List.of());
        DataFormatException e = assertThrows(DataFormatException.class, () -> wrong.load("cifar-10", true));
        assertTrue(e.getMessage().contains("c32a1d4ab5d03f1284b67883e8d87530"), e.getMessage());
    }
}
