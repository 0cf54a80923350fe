package dev.jtrack.autolog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Where a notebook session comes from: the notebook path when the front end gives it (Jupyter
 * servers set {@code JPY_SESSION_NAME}), the working directory, and the user.
 *
 * @param notebook the notebook's path, or null when the front end did not say
 * @param workingDir the kernel's working directory
 * @param user the user name for {@code mlflow.user}
 */
public record SessionSource(Path notebook, Path workingDir, String user) {
    /** The experiment used when neither {@code MLFLOW_EXPERIMENT_NAME} nor a notebook name is known. */
    public static final String DEFAULT_EXPERIMENT = "Default";

    /** Reads the session's source from the process environment. */
    public static SessionSource detect(Map<String, String> env, Path workingDir) {
        String user = env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
        return new SessionSource(notebookPath(env.get("JPY_SESSION_NAME"), workingDir), workingDir, user);
    }

    /**
     * The notebook path from {@code JPY_SESSION_NAME}: absolute as given; relative values are
     * relative to the Jupyter server's root, so the file in the working directory (where the kernel
     * of a notebook starts) is preferred when it exists.
     */
    static Path notebookPath(String sessionName, Path workingDir) {
        if (sessionName == null || sessionName.isBlank()) {
            return null;
        }
        Path p;
        try {
            p = Path.of(sessionName.strip());
        } catch (RuntimeException e) {
            return null;
        }
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path local = p.getFileName() == null ? null : workingDir.resolve(p.getFileName());
        if (local != null && Files.exists(local)) {
            return local;
        }
        return workingDir.resolve(p).normalize();
    }

    /** {@code mlflow.source.name}: the notebook path, else the working directory. */
    public String sourceName() {
        return (notebook != null ? notebook : workingDir).toString();
    }

    /** The notebook's name without {@code .ipynb}, or null when there is no notebook. */
    public String notebookName() {
        if (notebook == null || notebook.getFileName() == null) {
            return null;
        }
        String name = notebook.getFileName().toString();
        return name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
    }

    /** The experiment: {@code MLFLOW_EXPERIMENT_NAME}, else the notebook's name, else {@code Default}. */
    public String experiment(Map<String, String> env) {
        String configured = env.get("MLFLOW_EXPERIMENT_NAME");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String name = notebookName();
        return name != null && !name.isBlank() ? name : DEFAULT_EXPERIMENT;
    }

    /** A run name for a session started at {@code start}: the notebook's name (or "session") and the time. */
    public String runName(LocalDateTime start) {
        String base = notebookName() != null ? notebookName() : "session";
        return base + " " + start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }
}
