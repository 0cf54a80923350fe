package dev.jtrack.autolog.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.maven.ResolvedDependency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void capturesMachineDependenciesAndFilteredVariablesWithoutGit() throws Exception {
        Path jar = tmp.resolve("lib.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}));
        Path noRepo = Files.createDirectories(tmp.resolve("plain"));
        Environment e = Environment.capture("1.2.3", List.of("--enable-preview"),
                List.of(new ResolvedDependency("g:a:jar:1", "g:a:1", jar)), List.of(jar), noRepo,
                Map.of("PATH", "/bin", "API_KEY", "k"));
        assertEquals(expected, e.dependencies().get(0).sha256());
        assertEquals("g:a:jar:1 " + expected + "\n", e.mavenLines());
        assertEquals(List.of(jar.toString()), e.classpath());
        assertNull(e.git(), "no git work tree: no git info and no error");
        assertEquals(Map.of("PATH", "/bin"), e.variables());
        assertEquals("1.2.3", e.machine().get("jtrack_version"));
        assertEquals(List.of("--enable-preview"), e.machine().get("compiler_options"));
        assertEquals(Runtime.getRuntime().availableProcessors(), e.machine().get("cpus"));
        assertFalse(e.tags().containsKey("mlflow.source.git.commit"));
        assertEquals("1", e.tags().get("jtrack.env.maven_dependencies"));
        assertFalse(e.differsFrom(Environment.capture("1.2.3", List.of("--enable-preview"),
                List.of(new ResolvedDependency("g:a:jar:1", "g:a:1", jar)), List.of(jar), noRepo,
                Map.of("PATH", "/bin", "API_KEY", "other"))), "only a secret changed: nothing to record again");
        assertTrue(e.differsFrom(Environment.capture("1.2.3", List.of("--enable-preview"), List.of(), List.of(), noRepo,
                Map.of("PATH", "/bin"))));
    }

    @Test
    void readsGitCommitBranchRemoteAndDiff() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("f.txt"), "one\n");
        git(repo, "init", "-q", "-b", "trunk");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "c");
        git(repo, "remote", "add", "origin", "https://u:p@example.org/r.git");
        GitInfo clean = GitInfo.read(repo);
        assertEquals(40, clean.commit().length());
        assertEquals("trunk", clean.branch());
        assertEquals("https://example.org/r.git", clean.remoteUrl());
        assertFalse(clean.dirty());
        Files.writeString(repo.resolve("f.txt"), "one\ntwo\n");
        GitInfo dirty = GitInfo.read(repo);
        assertTrue(dirty.dirty());
        assertTrue(dirty.diff().contains("+two"), dirty.diff());
        Map<String, String> tags = new Environment(Map.of("java_runtime_version", "17", "java_vendor", "v", "os_name", "L",
                "os_version", "6", "os_arch", "x", "cpus", 2, "hostname", "h", "jtrack_version", "d"),
                List.of(), List.of(), dirty, Map.of()).tags();
        assertEquals(dirty.commit(), tags.get("mlflow.source.git.commit"));
        assertEquals("trunk", tags.get("mlflow.source.git.branch"));
        assertEquals("https://example.org/r.git", tags.get("mlflow.source.git.repoURL"));
        assertEquals("true", tags.get("jtrack.git.dirty"));
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("HOME", dir.toString());
        Process p = b.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git timed out");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
