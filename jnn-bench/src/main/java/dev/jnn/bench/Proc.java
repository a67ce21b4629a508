package dev.jnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of this process as the Linux kernel counts them, from {@code /proc/self/status}: {@code VmRSS} (the
 * resident set now) and {@code VmHWM} (its peak, the "high water mark", over the whole life of the process). These
 * count everything the process maps and touches: the Java heap as far as it was touched, the JIT's code cache,
 * metaspace, thread stacks, native libraries.
 */
final class Proc {

    private Proc() {}

    /** The field {@code name} of /proc/self/status in bytes (the kernel reports kB), or -1 where there is none. */
    static long status(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name + ":")) {
                    String[] f = line.substring(name.length() + 1).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Peak resident set of this process so far in bytes, or -1 where /proc is not available. */
    static long peakResident() {
        return status("VmHWM");
    }
}
