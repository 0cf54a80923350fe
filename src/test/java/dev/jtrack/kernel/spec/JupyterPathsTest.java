package dev.jtrack.kernel.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JupyterPathsTest {
    private final Path home = Path.of("/home/ada");

    @Test
    void userKernelsFollowJupyterCore() {
        assertEquals(Path.of("/home/ada/.local/share/jupyter/kernels"), new JupyterPaths(Map.of(), home).userKernels());
        assertEquals(Path.of("/x/data/jupyter/kernels"),
                new JupyterPaths(Map.of("XDG_DATA_HOME", "/x/data"), home).userKernels());
        assertEquals(Path.of("/j/kernels"),
                new JupyterPaths(Map.of("JUPYTER_DATA_DIR", "/j", "XDG_DATA_HOME", "/x"), home).userKernels());
    }

    @Test
    void prefixesHoldShareJupyterKernels() {
        assertEquals(Path.of("/opt/env/share/jupyter/kernels"), JupyterPaths.prefixKernels(Path.of("/opt/env")));
    }

    @Test
    void sysPrefixComesFromTheJupyterPython() {
        // Debian's /usr/bin/python3 has sys.prefix /usr; a missing python falls back to /usr as well
        assertEquals(Path.of("/usr"), new JupyterPaths(Map.of(), home).pythonSysPrefix());
        assertEquals(Path.of("/usr"),
                new JupyterPaths(Map.of("JTRACK_PYTHON", "/no/such/python"), home).pythonSysPrefix());
    }

    @Test
    void searchPathPutsJupyterPathFirstThenUserThenSystem() {
        List<Path> path = new JupyterPaths(Map.of("JUPYTER_PATH", "/a:/b", "JUPYTER_DATA_DIR", "/d"), home)
                .kernelSearchPath();
        assertEquals(List.of(Path.of("/a/kernels"), Path.of("/b/kernels"), Path.of("/d/kernels"),
                Path.of("/usr/share/jupyter/kernels"), Path.of("/usr/local/share/jupyter/kernels")), path);
    }
}
