package dev.jtrack.autolog.env;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git state of a directory, read with the {@code git} command (each call bounded by a
 * timeout). When git is missing or the directory is not in a work tree, {@link #read} returns null.
 *
 * @param commit the HEAD commit
 * @param branch the current branch, or null when HEAD is detached
 * @param remoteUrl the URL of {@code origin} (or the first remote), or null
 * @param dirty whether tracked files differ from HEAD or untracked files exist
 * @param diff the uncommitted diff of tracked files against HEAD (may be empty)
 */
public record GitInfo(String commit, String branch, String remoteUrl, boolean dirty, String diff) {
    private static final long TIMEOUT_MS = 5000;
    private static final int MAX_DIFF_BYTES = 10 * 1024 * 1024;

    /** Reads the git state of {@code dir}, or returns null when there is none. */
    public static GitInfo read(Path dir) {
        Out commit = git(dir, "rev-parse", "HEAD");
        if (commit == null || commit.exit != 0 || commit.text.isBlank()) {
            return null;
        }
        Out branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
        String branchName = branch != null && branch.exit == 0 ? branch.text.strip() : null;
        if ("HEAD".equals(branchName)) {
            branchName = null;
        }
        String remote = remoteUrl(dir);
        Out status = git(dir, "status", "--porcelain");
        boolean dirty = status != null && status.exit == 0 && !status.text.isBlank();
        Out diff = dirty ? git(dir, "diff", "HEAD") : null;
        return new GitInfo(commit.text.strip(), branchName, remote, dirty,
                diff != null && diff.exit == 0 ? diff.text : "");
    }

    private static String remoteUrl(Path dir) {
        Out origin = git(dir, "remote", "get-url", "origin");
        if (origin != null && origin.exit == 0 && !origin.text.isBlank()) {
            return withoutCredentials(origin.text.strip());
        }
        Out remotes = git(dir, "remote");
        if (remotes == null || remotes.exit != 0 || remotes.text.isBlank()) {
            return null;
        }
        Out first = git(dir, "remote", "get-url", remotes.text.strip().lines().findFirst().orElse(""));
        return first != null && first.exit == 0 && !first.text.isBlank() ? withoutCredentials(first.text.strip()) : null;
    }

    /** {@code https://user:token@host/x} becomes {@code https://host/x}: a remote URL may carry a secret. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private record Out(int exit, String text) {}

    private static Out git(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
            process = builder.start();
        } catch (IOException e) {
            return null; // no git on this machine
        }
        try {
            process.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(process.getInputStream(), out), "jtrack-git-reader");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return null;
            }
            reader.join(TIMEOUT_MS);
            synchronized (out) {
                return new Out(process.exitValue(), out.toString(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            process.destroyForcibly();
            return null;
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() + n <= MAX_DIFF_BYTES) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }
}
