package dev.jtrack.cli;

import dev.jtrack.kernel.spec.InstallException;
import dev.jtrack.kernel.spec.JupyterPaths;
import dev.jtrack.kernel.spec.KernelspecInstaller;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtrack uninstall}: removes a jtrack kernelspec found on Jupyter's search path. */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = "Remove an installed jtrack kernelspec (the first one Jupyter would find).")
final class UninstallCommand implements Callable<Integer> {

    @Option(names = "--name", defaultValue = "jtrack", description = "Kernel name (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        try {
            Path dir = new KernelspecInstaller().uninstall(name, JupyterPaths.system().kernelSearchPath());
            System.out.println("Removed kernelspec " + name + " from " + dir);
            return 0;
        } catch (InstallException e) {
            throw new UserError(e.getMessage());
        }
    }
}
