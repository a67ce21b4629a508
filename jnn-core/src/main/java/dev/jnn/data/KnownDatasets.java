package dev.jnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Well-known data sets by name: {@code mnist}, {@code fashion-mnist}, {@code cifar-10}, {@code iris},
 * {@code digits}. Each is looked up, in order, in {@code <dataDir>/<name>/} (dataDir: the explicit argument — the
 * CLI's --data-dir —, else env JNN_DATA, else ~/.jnn/data), in Debian's /usr/share/datasets/<name>/, and in a
 * {@code shared/datasets/<name>/} folder found by walking up from the working directory. MNIST and Fashion-MNIST
 * and CIFAR-10 are otherwise downloaded from their canonical source into {@code <dataDir>/<name>/}, MD5-checked
 * (CIFAR-10: the binary archive, from which the six batch files are extracted). Iris and digits (CSV) have no
 * train/test parts: {@link #load} returns the whole file; split it with {@link Splits}.
 *
 * <pre>{@code
 * TensorDataset train = KnownDatasets.defaults(null).load("fashion-mnist", true);   // [60000, 1, 28, 28]
 * }</pre>
 */
public final class KnownDatasets {

    private static final String MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private static final String FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String CIFAR_URL = "https://www.cs.toronto.edu/~kriz/";
    private static final String CIFAR_ARCHIVE = "cifar-10-binary.tar.gz";
    /** Published MD5 checksums of the files each data set is downloaded as. */
    static final Map<String, Map<String, String>> MD5 = Map.of(
            "mnist", Map.of("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                    "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
                    "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                    "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            "fashion-mnist", Map.of("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
                    "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                    "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
            "cifar-10", Map.of(CIFAR_ARCHIVE, "c32a1d4ab5d03f1284b67883e8d87530"));
    private static final List<String> CIFAR_TRAIN = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    private static final List<String> CIFAR_TEST = List.of("test_batch.bin");

    private final Path dataDir;
    private final Downloader downloader;
    private final Map<String, String> baseUrls;
    private final List<Path> extraRoots;
    private final Map<String, Map<String, String>> md5;

    /**
     * @param dataDir    the data folder (one sub-folder per data set)
     * @param downloader fetches missing files, or null to stay offline
     * @param baseUrls   per data set name, the URL the file names are appended to (tests point it at a fake)
     * @param extraRoots further folders holding {@code <name>/} sub-folders, searched after dataDir
     */
    public KnownDatasets(Path dataDir, Downloader downloader, Map<String, String> baseUrls, List<Path> extraRoots) {
        this(dataDir, downloader, baseUrls, extraRoots, MD5);
    }

    /** With other checksums (tests serve small fake archives). */
    KnownDatasets(Path dataDir, Downloader downloader, Map<String, String> baseUrls, List<Path> extraRoots,
            Map<String, Map<String, String>> md5) {
        this.md5 = Map.copyOf(md5);
        this.dataDir = dataDir;
        this.downloader = downloader;
        this.baseUrls = Map.copyOf(baseUrls);
        this.extraRoots = List.copyOf(extraRoots);
    }

    /** The standard lookup: dataDir as resolved by {@link #dataDir(Path)}, Debian, shared/datasets; online. */
    public static KnownDatasets defaults(Path explicitDataDir) {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of("/usr/share/datasets"));
        Path shared = findSharedDatasets(Path.of("").toAbsolutePath());
        if (shared != null) {
            roots.add(shared);
        }
        return new KnownDatasets(dataDir(explicitDataDir), Downloader.http(),
                Map.of("mnist", MNIST_URL, "fashion-mnist", FASHION_URL, "cifar-10", CIFAR_URL), roots);
    }

    /** The explicit folder if given, else env JNN_DATA, else ~/.jnn/data. */
    public static Path dataDir(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv("JNN_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".jnn", "data");
    }

    /** The nearest {@code shared/datasets} folder in {@code start} or one of its parents, or null. */
    public static Path findSharedDatasets(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The training ({@code train}) or test part of the named data set. */
    public TensorDataset load(String name, boolean train) throws IOException {
        return switch (name) {
            case "mnist", "fashion-mnist" -> idx(name, train);
            case "cifar-10" -> cifar10(train);
            case "iris" -> CsvTable.read(csv("iris", "iris.csv")).classification("species");
            case "digits" -> CsvTable.read(csv("digits", "digits.csv")).classification("label");
            default -> throw new IllegalArgumentException("unknown data set '" + name
                    + "'; known: mnist, fashion-mnist, cifar-10, iris, digits");
        };
    }

    private List<Path> folders(String name) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(dataDir.resolve(name));
        for (Path root : extraRoots) {
            dirs.add(root.resolve(name));
        }
        return dirs;
    }

    /** The file (raw or .gz) in the first folder that holds all {@code files}, or null. */
    private Path folderWith(String name, List<String> files) {
        for (Path dir : folders(name)) {
            if (files.stream().allMatch(f -> find(dir, f) != null)) {
                return dir;
            }
        }
        return null;
    }

    private static Path find(Path dir, String rawName) {
        for (String n : List.of(rawName + ".gz", rawName)) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    private TensorDataset idx(String name, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        List<String> files = List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
        Path dir = folderWith(name, files);
        if (dir == null) {
            dir = download(name, files);
        }
        return IdxReader.dataset(find(dir, files.get(0)), find(dir, files.get(1)));
    }

    private Path download(String name, List<String> files) throws IOException {
        String where = "Put the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; .gz or raw) in " + dataDir.resolve(name)
                + " (set --data-dir or JNN_DATA to use another data folder)"
                + (name.equals("fashion-mnist") ? ", or run `apt-get install dataset-fashion-mnist`, which installs "
                + "them in /usr/share/datasets/fashion-mnist/" : "") + ".";
        Path dir = dataDir.resolve(name);
        for (String f : files) {
            if (find(dir, f) == null) {
                fetch(name, f + ".gz", where);
            }
        }
        return dir;
    }

    /**
     * Downloads {@code file} of data set {@code name} into {@code <dataDir>/<name>/}: to a temporary name, checked
     * against its published MD5, then renamed into place. Offline or failing: an IOException saying where to put it.
     */
    private Path fetch(String name, String file, String where) throws IOException {
        String base = baseUrls.get(name);
        if (downloader == null || base == null) {
            throw new IOException(name + " not found in " + folders(name) + ". " + where);
        }
        Path dir = dataDir.resolve(name);
        Path part = dir.resolve(file + ".download");
        try {
            Files.createDirectories(dir);
            downloader.download(URI.create(base + file), part);
            String expected = md5.getOrDefault(name, Map.of()).get(file);
            String actual = md5(part);
            if (!actual.equals(expected)) {
                throw new DataFormatException(base + file, "", "MD5 " + actual + " differs from the published "
                        + expected + "; the download is corrupt or the source changed");
            }
            Files.move(part, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return dir.resolve(file);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(name + " not found in " + folders(name) + " and the download from " + base
                    + " failed (" + describe(e) + "). " + where, e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    private TensorDataset cifar10(boolean train) throws IOException {
        List<String> names = train ? CIFAR_TRAIN : CIFAR_TEST;
        for (Path dir : folders("cifar-10")) {
            for (Path d : List.of(dir, dir.resolve("cifar-10-batches-bin"))) {
                if (names.stream().allMatch(n -> Files.isRegularFile(d.resolve(n)))) {
                    return CifarReader.cifar10(names.stream().map(d::resolve).toArray(Path[]::new));
                }
            }
        }
        String where = "Download " + CIFAR_ARCHIVE + " from https://www.cs.toronto.edu/~kriz/cifar.html, extract "
                + "it and put data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, "
                + "data_batch_5.bin and test_batch.bin in " + dataDir.resolve("cifar-10") + " (set --data-dir or "
                + "JNN_DATA to use another data folder).";
        Path archive = fetch("cifar-10", CIFAR_ARCHIVE, where);
        Path dir = archive.getParent();
        try {
            List<String> all = new ArrayList<>(CIFAR_TRAIN);
            all.addAll(CIFAR_TEST);
            var found = Tar.extract(archive, dir, java.util.Set.copyOf(all));
            if (!found.containsAll(all)) {
                throw new DataFormatException(archive.toString(), "", "the archive lacks " + all.stream()
                        .filter(n -> !found.contains(n)).toList());
            }
        } finally {
            Files.deleteIfExists(archive);
        }
        return CifarReader.cifar10(names.stream().map(dir::resolve).toArray(Path[]::new));
    }

    private Path csv(String name, String file) throws IOException {
        for (Path dir : folders(name)) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        throw new IOException(name + " not found in " + folders(name) + ". Put " + file + " (a CSV with a header row) in "
                + dataDir.resolve(name) + " (set --data-dir or JNN_DATA to use another data folder).");
    }

    /** An exception's message, or its type when it has none (an offline machine often gives a bare ConnectException). */
    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + ": no network connection?" : m;
    }
}
