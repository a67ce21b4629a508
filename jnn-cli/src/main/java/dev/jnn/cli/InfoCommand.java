package dev.jnn.cli;

import dev.jnn.kernel.Parallel;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;

/** {@code jnn info}: what jnn sees of this machine. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the Java version, thread count and vector width jnn uses on this machine.")
final class InfoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("java:          " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("threads:       " + Parallel.threads());
        System.out.println("vector width:  " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits ("
                + FloatVector.SPECIES_PREFERRED.length() + " floats)");
        System.out.println("max heap:      " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        return 0;
    }
}
