package dev.jtrack.kernel.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelspecInstallerTest {
    @TempDir
    Path tmp;

    private final KernelspecInstaller installer = new KernelspecInstaller();

    private Kernelspec spec(String displayName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JTRACK_COMPILER_OPTS", "--enable-preview --release 17");
        env.put("FOO", "bar=baz");
        return new Kernelspec(displayName, Path.of("/opt/jdk/bin/java"), List.of("-XX:+UseSerialGC", "-Xmx2g"),
                Path.of("/opt/jtrack/jtrack.jar"), env, "1.2.3");
    }

    @Test
    void writesKernelJsonAndLogosWhereJupyterLooks() throws Exception {
        Path kernels = JupyterPaths.prefixKernels(tmp.resolve("prefix"));
        Path dir = installer.install(kernels, "jtrack", spec("Java (jtrack)"), null);
        assertEquals(tmp.resolve("prefix/share/jupyter/kernels/jtrack").toAbsolutePath(), dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(a -> argv.add(a.asText()));
        assertEquals(List.of("/opt/jdk/bin/java", "-XX:+UseSerialGC", "-Xmx2g", "-jar", "/opt/jtrack/jtrack.jar",
                "kernel", "--connection-file", "{connection_file}"), argv);
        assertEquals("Java (jtrack)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("message", json.get("interrupt_mode").asText());
        assertEquals("--enable-preview --release 17", json.get("env").get("JTRACK_COMPILER_OPTS").asText());
        assertEquals("bar=baz", json.get("env").get("FOO").asText());
        assertEquals("1.2.3", json.get("metadata").get("jtrack").get("version").asText());
        assertEquals(32, ImageIO.read(dir.resolve("logo-32x32.png").toFile()).getWidth());
        assertEquals(64, ImageIO.read(dir.resolve("logo-64x64.png").toFile()).getHeight());
    }

    @Test
    void reinstallReplacesAndListFindsIt() throws Exception {
        Path kernels = tmp.resolve("kernels");
        installer.install(kernels, "jtrack", spec("Old"), null);
        installer.install(kernels, "jtrack", spec("New"), null);
        List<KernelspecInstaller.Installed> listed = installer.list(List.of(kernels));
        assertEquals(1, listed.size());
        assertEquals("New", listed.get(0).displayName());
        assertTrue(listed.get(0).jtrack());
    }

    @Test
    void uninstallRemovesOnlyJtrackKernels() throws Exception {
        Path kernels = tmp.resolve("kernels");
        installer.install(kernels, "mine", spec("Mine"), null);
        Files.createDirectories(kernels.resolve("python3"));
        Files.writeString(kernels.resolve("python3/kernel.json"), "{\"argv\": [\"python3\"], \"display_name\": \"Python 3\"}");
        assertEquals(kernels.resolve("mine"), installer.uninstall("mine", List.of(kernels)));
        assertFalse(Files.exists(kernels.resolve("mine")));
        assertTrue(assertThrows(InstallException.class, () -> installer.uninstall("python3", List.of(kernels)))
                .getMessage().contains("not a jtrack kernel"));
        assertTrue(assertThrows(InstallException.class, () -> installer.uninstall("mine", List.of(kernels)))
                .getMessage().contains("no kernelspec named 'mine'"));
    }

    @Test
    void badNamesAndUnwritableTargetsGiveOneLineErrors() throws Exception {
        assertTrue(assertThrows(InstallException.class, () -> installer.install(tmp, "bad name", spec("x"), null))
                .getMessage().contains("invalid kernel name"));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        InstallException e = assertThrows(InstallException.class,
                () -> installer.install(file.resolve("kernels"), "jtrack", spec("x"), null));
        assertTrue(e.getMessage().startsWith("cannot create "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
