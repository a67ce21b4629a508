package dev.jnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception the readers of this package throw for a bad file: truncated, corrupted, inconsistent, or of an
 * unsupported version. The message names the file, the byte offset where the problem was found and the problem.
 */
public final class ModelFileException extends IOException {

    private final Path file;
    private final long offset;

    public ModelFileException(Path file, long offset, String problem) {
        super(file + " at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public ModelFileException(Path file, long offset, String problem, Throwable cause) {
        this(file, offset, problem);
        initCause(cause);
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** The byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
