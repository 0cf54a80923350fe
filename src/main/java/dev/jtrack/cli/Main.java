package dev.jtrack.cli;

import dev.jtrack.runner.EntryPoint;
import dev.jtrack.util.JtrackVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point of the {@code jtrack} launcher. */
@Command(
        name = "jtrack",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A Java kernel for Jupyter that remembers every experiment.",
        subcommands = {CommandLine.HelpCommand.class, InstallCommand.class, UninstallCommand.class,
                KernelCommand.class, ServerCommand.class, RunCommand.class, ReproduceCommand.class,
                QuickstartCommand.class, ModelsCommand.class, MonitorCommand.class, ImportCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 3 && "kernel".equals(args[0])
                && ("--connection-file".equals(args[1]) || "-f".equals(args[1]))) {
            System.exit(KernelCommand.fastStart(java.nio.file.Path.of(args[2])));
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        EntryPoint.install(Main.class.getName(), LoopbackStoreServer::new);
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setParameterExceptionHandler(new CliErrors());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The jtrack version from the jar manifest ("dev" when run from classes). */
    public static String version() {
        return JtrackVersion.current();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jtrack " + version(), "Java " + Runtime.version()};
        }
    }
}
