package dev.jtrack.cli;

import dev.jtrack.kernel.spec.InstallException;
import dev.jtrack.maven.LocalRepositoryInstall;
import dev.jtrack.maven.MavenSettings;
import dev.jtrack.kernel.spec.JupyterPaths;
import dev.jtrack.kernel.spec.Kernelspec;
import dev.jtrack.kernel.spec.KernelspecInstaller;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtrack install}: writes the kernelspec where {@code jupyter kernelspec install} would. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install jtrack as a Jupyter kernel (default: for the current user).")
final class InstallCommand implements Callable<Integer> {

    /**
     * JVM options every kernel starts with; user options come after and win. One interactive user
     * needs no parallel GC (SerialGC: least memory and start work); C1 only, because C2 compiling
     * javac's hot paths costs more CPU than it saves over a cell's few milliseconds (compute-heavy
     * notebooks can pass {@code --jvm-opts "-XX:TieredStopAtLevel=4"}); a small initial heap that
     * grows on demand and shrinks back keeps the idle kernel's memory low; a young generation of a
     * quarter of the heap instead of a third (javac's garbage dies young either way, and the ratio
     * still grows with the heap a notebook needs); a deeper stack for javac on big cells. No
     * maximum heap: the JVM's default (a quarter of the machine's memory) stays the notebook's.
     */
    static final List<String> DEFAULT_JVM_OPTS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms32m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:NewRatio=3", "-Xss4m");

    /**
     * The kernel's JVM options: the defaults, then the user's, which win. A garbage collector the
     * user names replaces the default one (the JVM refuses to start with two).
     */
    static List<String> jvmOptions(String userOptions) {
        List<String> user = dev.jtrack.kernel.EngineStarter.splitOptions(userOptions);
        boolean userChoosesGc = user.stream().anyMatch(InstallCommand::selectsGc);
        List<String> options = new ArrayList<>();
        for (String option : DEFAULT_JVM_OPTS) {
            if (!(userChoosesGc && selectsGc(option))) {
                options.add(option);
            }
        }
        options.addAll(user);
        return options;
    }

    private static boolean selectsGc(String option) {
        return option.matches("-XX:\\+Use\\w+GC");
    }

    /** Where to install: one of user (default), sys-prefix, prefix. */
    static final class Location {
        @Option(names = "--user", description = "Install for the current user (default): $JUPYTER_DATA_DIR or ~/.local/share/jupyter/kernels.")
        boolean user;

        @Option(names = "--sys-prefix", description = "Install into sys.prefix of the Jupyter Python (/usr/bin/python3): <prefix>/share/jupyter/kernels.")
        boolean sysPrefix;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Install into DIR/share/jupyter/kernels.")
        Path prefix;
    }

    @ArgGroup(exclusive = true)
    Location location;

    @Option(names = "--name", defaultValue = "jtrack", description = "Kernel name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--display-name", defaultValue = "Java (jtrack)", description = "Name shown by front ends (default: ${DEFAULT-VALUE}).")
    String displayName;

    @Option(names = "--jvm-opts", paramLabel = "OPTS", description = "Extra JVM options for the kernel, e.g. \"-Xmx4g\".")
    String jvmOpts;

    @Option(names = "--compiler-opts", paramLabel = "OPTS", description = "javac options for cells, e.g. \"--enable-preview --release 17\" (JTRACK_COMPILER_OPTS).")
    String compilerOpts;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable for the kernel (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--no-archive", description = "Do not create the class-data-sharing archive that speeds up the kernel's start.")
    boolean noArchive;

    @Option(names = "--list", description = "List the installed kernelspecs and exit.")
    boolean list;

    @Option(names = "--maven", description = "Instead of the kernelspec, install jtrack into the local Maven repository as "
            + "dev.jtrack:jtrack:<version>, for builds that test notebooks with dev.jtrack.runner.testing (JUnit 5).")
    boolean maven;

    @Option(names = "--maven-repo", paramLabel = "DIR", description = "The local Maven repository for --maven "
            + "(default: localRepository of ~/.m2/settings.xml, else ~/.m2/repository).")
    Path mavenRepo;

    @Override
    public Integer call() throws Exception {
        JupyterPaths paths = JupyterPaths.system();
        KernelspecInstaller installer = new KernelspecInstaller();
        if (list) {
            for (KernelspecInstaller.Installed spec : installer.list(paths.kernelSearchPath())) {
                System.out.printf("  %-20s %s%s%n", spec.name(), spec.dir(), spec.jtrack() ? "" : "  (not jtrack)");
            }
            return 0;
        }
        if (maven) {
            return installIntoMaven();
        }
        Jdk.requireJShell();
        Path kernels = kernelsDir(paths);
        Map<String, String> environment = new LinkedHashMap<>();
        if (compilerOpts != null && !compilerOpts.isBlank()) {
            environment.put("JTRACK_COMPILER_OPTS", compilerOpts.trim());
        }
        for (String pair : env) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--env expects NAME=VALUE, got '" + pair + "'", 2);
            }
            environment.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        List<String> options = jvmOptions(jvmOpts);
        Kernelspec spec = new Kernelspec(displayName, javaLauncher(), options, jarPath(), environment, Main.version());
        try {
            KernelspecInstaller.checkName(name);
            Path log = noArchive ? null : Files.createTempFile("jtrack-archive", ".log");
            Path dir = installer.install(kernels, name, spec, log);
            if (log != null) {
                Files.deleteIfExists(log);
            }
            System.out.println("Installed kernelspec " + name + " in " + dir);
        } catch (InstallException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    private int installIntoMaven() throws java.io.IOException {
        Path repository = mavenRepo != null ? mavenRepo.toAbsolutePath() : MavenSettings.load().localRepository();
        String version = Main.version();
        if ("dev".equals(version)) {
            throw new UserError("--maven must run from the jtrack jar (build it with ./mvnw package)");
        }
        Path dir = LocalRepositoryInstall.install(repository, "dev.jtrack", "jtrack", version, jarPath(),
                "jtrack: a Java kernel for Jupyter that tracks every experiment; dev.jtrack.runner.testing runs notebooks as tests");
        System.out.println("Installed dev.jtrack:jtrack:" + version + " in " + dir);
        System.out.println("Depend on it with <dependency><groupId>dev.jtrack</groupId><artifactId>jtrack</artifactId>"
                + "<version>" + version + "</version><scope>test</scope></dependency>");
        return 0;
    }

    private Path kernelsDir(JupyterPaths paths) {
        if (location != null && location.prefix != null) {
            return JupyterPaths.prefixKernels(location.prefix);
        }
        if (location != null && location.sysPrefix) {
            return JupyterPaths.prefixKernels(paths.pythonSysPrefix());
        }
        return paths.userKernels();
    }

    /** The java launcher of the running JDK. */
    static Path javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath();
    }

    /** The jar this command runs from. */
    static Path jarPath() {
        try {
            Path path = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
                throw new UserError("install must run from the jtrack jar (build it with ./mvnw package), not from " + path);
            }
            return path.toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new UserError("cannot locate the jtrack jar: " + e.getMessage());
        }
    }
}
