package dev.jtrack.kernel.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Jupyter's data directories as {@code jupyter_core} computes them on Linux, so kernelspecs land
 * exactly where {@code jupyter kernelspec install} would put them.
 */
public final class JupyterPaths {
    private final Map<String, String> env;
    private final Path home;

    /** Paths for the given environment and home directory. */
    public JupyterPaths(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** Paths for this process. */
    public static JupyterPaths system() {
        return new JupyterPaths(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The user data dir: {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else {@code ~/.local/share/jupyter}. */
    public Path userDataDir() {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isEmpty()) {
            return Path.of(dataDir).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return base.resolve("jupyter").toAbsolutePath();
    }

    /** Kernelspecs for the user. */
    public Path userKernels() {
        return userDataDir().resolve("kernels");
    }

    /** Kernelspecs under an installation prefix: {@code PREFIX/share/jupyter/kernels}. */
    public static Path prefixKernels(Path prefix) {
        return prefix.toAbsolutePath().resolve("share").resolve("jupyter").resolve("kernels");
    }

    /**
     * {@code sys.prefix} of the Python that runs Jupyter ({@code $JTRACK_PYTHON}, default
     * {@code /usr/bin/python3}); {@code /usr} when it can't be asked.
     */
    public Path pythonSysPrefix() {
        String python = env.getOrDefault("JTRACK_PYTHON", "/usr/bin/python3");
        try {
            Process process = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)")
                    .redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                String prefix = new String(out, StandardCharsets.UTF_8).trim();
                if (!prefix.isEmpty()) {
                    return Path.of(prefix);
                }
            }
        } catch (IOException e) {
            // fall through: Debian's layout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Path.of("/usr");
    }

    /**
     * Every directory Jupyter searches for kernelspecs, in its order: {@code $JUPYTER_PATH}
     * entries, the user data dir, {@code sys.prefix}, then the system dirs.
     */
    public List<Path> kernelSearchPath() {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        String jupyterPath = env.get("JUPYTER_PATH");
        if (jupyterPath != null) {
            for (String part : jupyterPath.split(":")) {
                if (!part.isEmpty()) {
                    dirs.add(Path.of(part).toAbsolutePath().resolve("kernels"));
                }
            }
        }
        dirs.add(userKernels());
        dirs.add(prefixKernels(pythonSysPrefix()));
        dirs.add(Path.of("/usr/local/share/jupyter/kernels"));
        dirs.add(Path.of("/usr/share/jupyter/kernels"));
        return new ArrayList<>(dirs);
    }
}
