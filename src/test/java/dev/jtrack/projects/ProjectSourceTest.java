package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git projects with the real git command line: a local repository by file:// URL. */
class ProjectSourceTest {
    @TempDir
    Path tmp;

    private String git(Path dir, String... args) throws Exception {
        ProjectSource.Git.Result r = ProjectSource.Git.run(dir, args);
        assertEquals(0, r.exit(), "git " + String.join(" ", args) + ": " + r.err());
        return r.out().strip();
    }

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.email", "t@example.com");
        git(repo, "config", "user.name", "t");
        Files.createDirectories(repo.resolve("proj"));
        Files.writeString(repo.resolve("proj/MLproject"), "entry_points: {main: {command: echo v1}}\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "v1");
        git(repo, "tag", "v1");
        Files.writeString(repo.resolve("proj/MLproject"), "entry_points: {main: {command: echo v2}}\n");
        git(repo, "commit", "-q", "-am", "v2");
        return repo;
    }

    @Test
    void recognisesGitUris() {
        assertTrue(ProjectSource.isGitUri("file:///tmp/repo"));
        assertTrue(ProjectSource.isGitUri("https://github.com/org/repo#sub/dir"));
        assertTrue(ProjectSource.isGitUri("ssh://git@host/repo.git"));
        assertTrue(ProjectSource.isGitUri("git@github.com:org/repo.git"));
        assertFalse(ProjectSource.isGitUri("examples/iris-project"));
        assertFalse(ProjectSource.isGitUri("/abs/dir"));
    }

    @Test
    void checksOutTheExactCommitOrTagIntoTheCache() throws Exception {
        Path repo = repo();
        String v1 = git(repo, "rev-parse", "v1^{commit}");
        String head = git(repo, "rev-parse", "HEAD");
        String url = repo.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///");
        Path cache = tmp.resolve("cache");

        ProjectSource atHead = ProjectSource.resolve(url + "#proj", null, cache);
        assertEquals(head, atHead.gitCommit());
        assertTrue(Files.readString(atHead.dir().resolve("MLproject")).contains("v2"));
        assertEquals(url, atHead.repoUrl());
        assertEquals(url + "#proj", atHead.uri());

        ProjectSource atTag = ProjectSource.resolve(url + "#proj", "v1", cache);
        assertEquals(v1, atTag.gitCommit());
        assertTrue(Files.readString(atTag.dir().resolve("MLproject")).contains("v1"));
        assertEquals(v1, git(atTag.dir(), "rev-parse", "HEAD"), "the checkout is at that commit");
        assertEquals(url, git(atTag.dir(), "config", "--get", "remote.origin.url"));

        ProjectSource atCommit = ProjectSource.resolve(url + "#proj", v1, cache);
        assertEquals(atTag.dir(), atCommit.dir(), "one checkout per commit");

        ProjectError badRef = assertThrows(ProjectError.class, () -> ProjectSource.resolve(url, "nope", cache));
        assertTrue(badRef.getMessage().contains("'nope'"), badRef.getMessage());
        ProjectError badSub = assertThrows(ProjectError.class, () -> ProjectSource.resolve(url + "#ghost", null, cache));
        assertTrue(badSub.getMessage().contains("ghost"), badSub.getMessage());
    }

    @Test
    void localDirectoryRecordsItsCommit() throws Exception {
        Path repo = repo();
        ProjectSource local = ProjectSource.resolve(repo.resolve("proj").toString(), null, tmp.resolve("cache"));
        assertEquals(git(repo, "rev-parse", "HEAD"), local.gitCommit());
        assertThrows(ProjectError.class, () -> ProjectSource.resolve(tmp.resolve("none").toString(), null, tmp));
        assertThrows(ProjectError.class, () -> ProjectSource.resolve(repo.toString(), "v1", tmp), "--git-ref needs a git URI");
    }
}
