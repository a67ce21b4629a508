package dev.jnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jnn} command: one sub-command per job. */
@Command(name = "jnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep learning for the JVM, in pure Java.",
        subcommands = {InfoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (used by tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jnn " + (v == null ? "development build" : v)
                    + " on Java " + Runtime.version()};
        }
    }
}
