package dev.jnn.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jnn bench}: runs the end-to-end benchmark script {@code bench/run} of the source tree, which measures jnn, the
 * peers (PyTorch, DJL) and the machine's FMA ceiling in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark jnn against PyTorch and DJL in one run (runs bench/run of the source tree).",
                "All arguments are passed on; `jnn bench -- --help` lists the workloads and options."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "workload names and options for bench/run")
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path script = Path.of(System.getProperty("jnn.home", "."), "bench", "run");
        if (!Files.isExecutable(script)) {
            System.err.println("jnn bench: " + script + " not found; run jnn from its source tree (the ./jnn launcher"
                    + " sets -Djnn.home) or run bench/run directly");
            return 2;
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(new File(script.getParent().getParent().toString()))
                .inheritIO().start();
        return p.waitFor();
    }
}
