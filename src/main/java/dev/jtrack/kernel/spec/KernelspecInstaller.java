package dev.jtrack.kernel.spec;

import dev.jtrack.util.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes, lists and removes jtrack kernelspecs: {@code <kernels dir>/<name>/kernel.json} plus the
 * two logos, and optionally a class-data-sharing archive {@code jtrack.jsa} that the kernel maps at
 * start (created by running a warm-up kernel under {@code -XX:ArchiveClassesAtExit}).
 */
public final class KernelspecInstaller {
    /** Jupyter's rule for kernel names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    /** The archive file inside the kernelspec directory. */
    public static final String ARCHIVE = "jtrack.jsa";

    /** One installed kernelspec. */
    public record Installed(String name, Path dir, String displayName, boolean jtrack) {}

    private final ObjectMapper json = new ObjectMapper();

    /** Checks a kernel name the way Jupyter does. */
    public static void checkName(String name) throws InstallException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InstallException("invalid kernel name '" + name
                    + "': use letters, digits, '.', '_' and '-' only");
        }
    }

    /**
     * Installs {@code spec} as {@code kernelsDir/name}, replacing an earlier one.
     *
     * @param archiveLog where the archive's creation writes its output, or {@code null} for no archive
     * @return the kernelspec directory
     */
    public Path install(Path kernelsDir, String name, Kernelspec spec, Path archiveLog) throws InstallException {
        checkName(name);
        Path dir = kernelsDir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InstallException("cannot create " + dir + ": " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new InstallException("cannot write to " + dir + ": permission denied");
        }
        Kernelspec effective = spec;
        try {
            Files.deleteIfExists(dir.resolve(ARCHIVE));
            copyResource("logo-32x32.png", dir);
            copyResource("logo-64x64.png", dir);
            if (archiveLog != null) {
                Path archive = dir.resolve(ARCHIVE);
                String failure = createArchive(spec, archive, archiveLog);
                if (failure == null) {
                    List<String> options = new ArrayList<>(spec.jvmOptions());
                    options.add("-XX:SharedArchiveFile=" + archive);
                    // a rebuilt jar or another JDK only disables the archive; keep the kernel's stderr quiet about it
                    options.add("-Xlog:cds=off,cds+dynamic=off");
                    effective = new Kernelspec(spec.displayName(), spec.java(), options, spec.jar(), spec.env(),
                            spec.version());
                } else {
                    System.err.println("jtrack install: no start-up archive (" + failure + "); the kernel starts slower");
                }
            }
            Files.writeString(dir.resolve("kernel.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(effective.toJson(json)) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InstallException("cannot write kernelspec to " + dir + ": " + reason(e));
        }
        return dir;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void copyResource(String file, Path dir) throws IOException {
        try (InputStream in = KernelspecInstaller.class.getResourceAsStream("/dev/jtrack/kernel/spec/" + file)) {
            if (in == null) {
                throw new IOException(file + " missing from the jar");
            }
            Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs the warm-up kernel to dump the archive; returns null on success, else why it failed. */
    private static String createArchive(Kernelspec spec, Path archive, Path log) {
        List<String> command = new ArrayList<>();
        command.add(spec.java().toString());
        command.addAll(spec.jvmOptions());
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.add("-jar");
        command.add(spec.jar().toString());
        command.add("kernel");
        command.add("--warmup");
        Path workDir = null;
        try {
            // whatever the warm-up cells leave behind (e.g. a tracking store) goes to a scratch directory
            workDir = Files.createTempDirectory("jtrack-warmup");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(workDir.toFile());
            builder.environment().putAll(spec.env());
            builder.environment().put("JTRACK_HISTORY_FILE", workDir.resolve("history.jsonl").toString());
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "the warm-up kernel did not finish within 180 s";
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
                return "the warm-up kernel failed, see " + log;
            }
            return null;
        } catch (IOException e) {
            return reason(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            FileTrees.deleteQuietly(workDir);
        }
    }

    /** Every kernelspec in {@code searchPath}, first occurrence of a name winning, as Jupyter does. */
    public List<Installed> list(List<Path> searchPath) {
        List<Installed> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Path kernels : searchPath) {
            if (!Files.isDirectory(kernels)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(kernels)) {
                for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
                    Path file = dir.resolve("kernel.json");
                    String name = dir.getFileName().toString();
                    if (!Files.isRegularFile(file) || seen.contains(name)) {
                        continue;
                    }
                    seen.add(name);
                    try {
                        JsonNode spec = json.readTree(file.toFile());
                        out.add(new Installed(name, dir, spec.path("display_name").asText(name),
                                spec.path("metadata").has("jtrack")));
                    } catch (IOException e) {
                        out.add(new Installed(name, dir, "(unreadable kernel.json)", false));
                    }
                }
            } catch (IOException e) {
                // an unreadable directory holds nothing we can list
            }
        }
        return out;
    }

    /** Removes the jtrack kernelspec {@code name} found first in {@code searchPath}; returns its directory. */
    public Path uninstall(String name, List<Path> searchPath) throws InstallException {
        checkName(name);
        for (Installed spec : list(searchPath)) {
            if (!spec.name().equals(name)) {
                continue;
            }
            if (!spec.jtrack()) {
                throw new InstallException("kernelspec '" + name + "' at " + spec.dir() + " is not a jtrack kernel");
            }
            try {
                FileTrees.delete(spec.dir());
            } catch (IOException e) {
                throw new InstallException("cannot remove " + spec.dir() + ": " + reason(e));
            }
            return spec.dir();
        }
        throw new InstallException("no kernelspec named '" + name + "' in " + searchPath);
    }
}
