package dev.jtrack.projects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where a project comes from: a local directory, or a git repository ({@code file://},
 * {@code https://}, {@code ssh://}, {@code user@host:path}, optionally {@code #sub/dir}) checked
 * out at an exact commit into a cache with the {@code git} command line.
 *
 * @param dir the project directory (the checkout's sub-directory for {@code #sub/dir})
 * @param uri what the user named, recorded as {@code mlflow.source.name}
 * @param gitCommit the commit checked out (or the local directory's HEAD), or null outside git
 * @param repoUrl the repository's URL, or null
 */
public record ProjectSource(Path dir, String uri, String gitCommit, String repoUrl) {
    private static final Pattern SCP_LIKE = Pattern.compile("[\\w.-]+@[\\w.-]+:.+");
    private static final long GIT_TIMEOUT_SECONDS = 300;

    /** Whether {@code arg} names a git repository rather than a local directory. */
    public static boolean isGitUri(String arg) {
        String a = arg.strip();
        return a.startsWith("file://") || a.startsWith("https://") || a.startsWith("http://") || a.startsWith("ssh://")
                || a.startsWith("git://") || a.startsWith("git+") || SCP_LIKE.matcher(a.split("#", 2)[0]).matches();
    }

    /**
     * The project {@code arg} names, checked out when it is a git URI.
     *
     * @param gitRef a commit, tag or branch ({@code --git-ref}), or null for the default branch
     * @param cacheDir where checkouts are kept
     * @throws ProjectError when the directory does not exist or git cannot fetch the ref
     */
    public static ProjectSource resolve(String arg, String gitRef, Path cacheDir) {
        if (!isGitUri(arg)) {
            if (gitRef != null) {
                throw new ProjectError("--git-ref needs a git URI project (file://, https://, ssh://), not the directory " + arg);
            }
            Path dir = Path.of(arg).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new ProjectError("no such project directory: " + arg);
            }
            String commit = null;
            String remote = null;
            try {
                Git.Result head = Git.run(dir, "rev-parse", "HEAD");
                if (head.ok()) {
                    commit = head.out().strip();
                    Git.Result url = Git.run(dir, "config", "--get", "remote.origin.url");
                    remote = url.ok() ? url.out().strip() : null;
                }
            } catch (IOException e) {
                // no git installed: the directory is not versioned as far as jtrack can tell
            }
            return new ProjectSource(dir, dir.toString(), commit, remote);
        }
        String[] parts = arg.strip().split("#", 2);
        String repo = parts[0].startsWith("git+") ? parts[0].substring(4) : parts[0];
        String sub = parts.length > 1 ? parts[1] : "";
        try {
            Path bare = mirror(repo, cacheDir);
            String ref = gitRef == null ? "HEAD" : gitRef;
            Git.Result resolved = Git.run(bare, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
            if (!resolved.ok()) {
                throw new ProjectError("git ref '" + ref + "' is no commit, tag or branch of " + repo);
            }
            String commit = resolved.out().strip();
            Path checkout = checkout(bare, commit, repo);
            Path dir = checkout.resolve(sub).normalize();
            if (!dir.startsWith(checkout) || !Files.isDirectory(dir)) {
                throw new ProjectError("'" + sub + "' is no directory of " + repo + " at " + commit);
            }
            return new ProjectSource(dir, arg.strip(), commit, repo);
        } catch (IOException e) {
            throw new ProjectError("cannot fetch " + repo + ": " + e.getMessage(), e);
        }
    }

    /** A bare clone of the repository in the cache, fetched now. */
    private static Path mirror(String repo, Path cacheDir) throws IOException {
        Path bare = cacheDir.resolve(StepCacheKey.sha256(repo.getBytes(StandardCharsets.UTF_8)).substring(0, 16)).resolve("repo.git");
        if (!Files.isDirectory(bare)) {
            Files.createDirectories(bare.getParent());
            Path tmp = Files.createTempDirectory(bare.getParent(), "clone-");
            Git.Result clone = Git.run(bare.getParent(), "clone", "--bare", "--quiet", repo, tmp.toString());
            if (!clone.ok()) {
                throw new IOException("git clone failed: " + clone.err().strip());
            }
            try {
                Files.move(tmp, bare, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another run cloned it at the same time: use that one
            }
        } else {
            Git.Result fetch = Git.run(bare, "fetch", "--quiet", "--prune", "--tags", "origin",
                    "+refs/heads/*:refs/heads/*");
            if (!fetch.ok()) {
                throw new IOException("git fetch failed: " + fetch.err().strip());
            }
        }
        return bare;
    }

    /** A working tree of {@code commit} beside the bare clone (kept: a commit never changes). */
    private static Path checkout(Path bare, String commit, String repoUrl) throws IOException {
        Path dir = bare.resolveSibling(commit);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = Files.createTempDirectory(bare.getParent(), "checkout-");
        Git.Result clone = Git.run(bare.getParent(), "clone", "--quiet", "--shared", "--no-checkout", bare.toString(), tmp.toString());
        Git.Result co = clone.ok() ? Git.run(tmp, "checkout", "--quiet", "--detach", commit) : clone;
        if (co.ok()) {
            // the run records the repository's own URL, not the cache's
            co = Git.run(tmp, "remote", "set-url", "origin", repoUrl);
        }
        if (!co.ok()) {
            throw new IOException("git checkout of " + commit + " failed: " + co.err().strip());
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            // another run checked it out at the same time
        }
        return dir;
    }

    /** The {@code git} command line, bounded in time. */
    static final class Git {
        record Result(int exit, String out, String err) {
            boolean ok() {
                return exit == 0;
            }
        }

        static Result run(Path dir, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            Path err = Files.createTempFile("jtrack-git", ".err");
            try {
                pb.redirectError(err.toFile());
                Process p = pb.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("git " + args[0] + " did not finish within " + GIT_TIMEOUT_SECONDS + " s");
                }
                return new Result(p.exitValue(), out, Files.readString(err));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }
}
