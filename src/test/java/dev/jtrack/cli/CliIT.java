package dev.jtrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.BuiltJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install/uninstall commands of the built jar as a user runs them: the kernelspec lands where
 * Jupyter looks ({@code jupyter kernelspec list} shows it), and failures are one clear line.
 */
class CliIT {
    @TempDir
    Path tmp;

    private static final Path JAVA = BuiltJar.java();

    record Run(int exit, String out) {}

    private Run run(Map<String, String> env, String... command) throws Exception {
        Path log = tmp.resolve("log-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(command));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Run jtrack(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", BuiltJar.path().toString()));
        command.addAll(List.of(args));
        return run(env, command.toArray(String[]::new));
    }

    @Test
    void installIntoUserDataDirListAndUninstall() throws Exception {
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString(),
                "JUPYTER_PATH", tmp.resolve("none").toString());
        Run install = jtrack(env, "install", "--name", "cli-it", "--display-name", "Java CLI IT", "--no-archive",
                "--compiler-opts", "-Xlint:all", "--env", "A=1", "--jvm-opts", "-Xmx512m");
        assertEquals(0, install.exit(), install.out());
        Path spec = tmp.resolve("data/kernels/cli-it/kernel.json");
        String json = Files.readString(spec);
        assertTrue(json.contains("\"-Xmx512m\"") && json.contains("\"JTRACK_COMPILER_OPTS\" : \"-Xlint:all\"")
                && json.contains("\"A\" : \"1\"") && json.contains("Java CLI IT"), json);

        Run jupyter = run(env, "/usr/bin/jupyter", "kernelspec", "list");
        assertEquals(0, jupyter.exit(), jupyter.out());
        assertTrue(jupyter.out().contains("cli-it") && jupyter.out().contains(spec.getParent().toString()), jupyter.out());

        Run list = jtrack(env, "install", "--list");
        assertTrue(list.out().contains("cli-it") && list.out().contains(spec.getParent().toString()), list.out());

        Run uninstall = jtrack(env, "uninstall", "--name", "cli-it");
        assertEquals(0, uninstall.exit(), uninstall.out());
        assertFalse(Files.exists(spec.getParent()));
        Run again = jtrack(env, "uninstall", "--name", "cli-it");
        assertEquals(1, again.exit());
        assertOneLine(again.out(), "no kernelspec named 'cli-it'");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Run r = jtrack(Map.of(), "install", "--bogus");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Unknown option: '--bogus'"), r.out());
        assertFalse(r.out().contains("\tat "), r.out());
    }

    @Test
    void unwritableTargetIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Run r = jtrack(Map.of(), "install", "--prefix", file.toString(), "--no-archive");
        assertEquals(1, r.exit(), r.out());
        assertOneLine(r.out(), "cannot create " + file);
    }

    @Test
    void runtimeWithoutJShellIsOneLine() throws Exception {
        Path jre = tmp.resolve("jre");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Run link = run(Map.of(), jlink.toString(), "--add-modules", "java.se", "--output", jre.toString());
        assertEquals(0, link.exit(), link.out());
        Run r = run(Map.of(), jre.resolve("bin/java").toString(), "-jar", BuiltJar.path().toString(), "install", "--prefix",
                tmp.resolve("p").toString());
        assertEquals(1, r.exit(), r.out());
        assertOneLine(r.out(), "has no jdk.jshell module");
        Run kernel = run(Map.of(), jre.resolve("bin/java").toString(), "-jar", BuiltJar.path().toString(), "kernel", "-f", "x.json");
        assertOneLine(kernel.out(), "has no jdk.jshell module");
    }

    @Test
    void missingConnectionFileIsOneLine() throws Exception {
        Run r = jtrack(Map.of(), "kernel", "--connection-file", tmp.resolve("nope.json").toString());
        assertEquals(1, r.exit(), r.out());
        assertOneLine(r.out(), "cannot read connection file");
    }

    private static void assertOneLine(String out, String expected) throws IOException {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "expected one line, got:\n" + out);
        assertTrue(lines.get(0).contains(expected), out);
    }
}
