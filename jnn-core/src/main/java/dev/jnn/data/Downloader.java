package dev.jnn.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Fetches a URI into a file. Injectable so that tests use a local fake and never touch the network. */
@FunctionalInterface
public interface Downloader {

    /** Writes the content at {@code source} to {@code target}; on failure leaves no partial {@code target}. */
    void download(URI source, Path target) throws IOException;

    /** Downloads with java.net.http (redirects followed), into a temporary file renamed into place when complete. */
    static Downloader http() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        return (source, target) -> {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            try {
                HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofMinutes(10)).GET().build();
                HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(tmp));
                if (response.statusCode() != 200) {
                    throw new IOException("download of " + source + " failed: HTTP " + response.statusCode());
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + source + " interrupted", e);
            } finally {
                Files.deleteIfExists(tmp);
            }
        };
    }
}
