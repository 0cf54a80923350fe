package dev.jtrack.models;

import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.FileInfo;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.registry.Stage;
import dev.jtrack.store.rest.RestLoggedModels;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.tracking.MlflowException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model URI's files are: {@code runs:/<run_id>/<path>}, {@code models:/<name>/<version>},
 * {@code models:/<name>@<alias>}, {@code models:/<name>/<stage>}, {@code models:/<name>/latest},
 * an artifact URI ({@code mlflow-artifacts:/...}, {@code file:...}) or a local directory.
 *
 * @param repository the artifact repository holding the package
 * @param path the package's directory inside the repository ("" for its root)
 * @param runId the run that logged it, when known
 */
public record ModelLocation(ArtifactRepository repository, String path, String runId) {
    private static final Pattern RUNS = Pattern.compile("runs:/([^/]+)(?:/(.*))?");
    private static final Pattern LOGGED_MODEL = Pattern.compile("models:/([^/@]+)/?");
    private static final Pattern MODELS = Pattern.compile("models:/([^/@]+)(?:@([^/]+)|/([^/]+))/?");

    /** Resolves {@code uri} through {@code client}'s tracking store and registry. */
    public static ModelLocation resolve(TrackingClient client, String uri) {
        return resolve(client, uri, 0);
    }

    private static ModelLocation resolve(TrackingClient client, String uri, int depth) {
        if (uri == null || uri.isBlank()) throw new IllegalArgumentException("A model URI is required");
        if (depth > 5) throw new IllegalArgumentException("Model URI " + uri + " refers to itself");
        String u = uri.strip();
        Matcher m = RUNS.matcher(u);
        if (u.startsWith("runs:")) {
            if (!m.matches()) throw new IllegalArgumentException("Invalid runs URI '" + u + "': expected runs:/<run_id>/<path>");
            String runId = m.group(1);
            String artifactUri = client.store().getRun(runId).info().artifactUri();
            return new ModelLocation(client.artifactRepository(artifactUri), trim(m.group(2)), runId);
        }
        String loggedModelId = loggedModelId(u);
        if (loggedModelId != null) {
            if (!(client.store() instanceof RestTrackingStore rest)) {
                throw new IllegalArgumentException("'" + u + "' names an MLflow 3 logged model; the store at "
                        + client.trackingUri() + " has none (use an MLflow 3 server, or runs:/ and registered models)");
            }
            RestLoggedModels.Info info = rest.getLoggedModel(loggedModelId);
            return new ModelLocation(client.artifactRepository(info.artifactUri()), "", info.sourceRunId());
        }
        if (u.startsWith("models:")) {
            ModelVersion v = version(client.registry(), u);
            ModelLocation inner = resolve(client, v.source(), depth + 1);
            return inner.runId() == null && v.runId() != null
                    ? new ModelLocation(inner.repository(), inner.path(), v.runId()) : inner;
        }
        if (u.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            return new ModelLocation(client.artifactRepository(u), "", null);
        }
        return new ModelLocation(new LocalArtifactRepository(Path.of(u)), "", null);
    }

    /** The logged model id of a {@code models:/<model_id>} URI (no version, alias or stage), else null. */
    public static String loggedModelId(String uri) {
        Matcher m = LOGGED_MODEL.matcher(uri == null ? "" : uri.strip());
        return m.matches() ? m.group(1) : null;
    }

    /** The model version a {@code models:/} URI names. */
    public static ModelVersion version(RegistryStore registry, String uri) {
        Matcher m = MODELS.matcher(uri.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid models URI '" + uri
                    + "': expected models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage> or models:/<name>/latest");
        }
        String name = m.group(1);
        if (m.group(2) != null) return registry.getModelVersionByAlias(name, m.group(2));
        String which = m.group(3);
        if (which.matches("\\d+")) return registry.getModelVersion(name, which);
        List<ModelVersion> latest;
        if (which.equalsIgnoreCase("latest")) {
            latest = registry.getLatestVersions(name, List.of());
        } else {
            latest = registry.getLatestVersions(name, List.of(Stage.parse(which).wireName()));
        }
        return latest.stream().max((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())))
                .orElseThrow(() -> MlflowException.notFound("No versions of model '%s' %s", name,
                        which.equalsIgnoreCase("latest") ? "exist" : "are in stage " + which));
    }

    private static String trim(String p) {
        if (p == null) return "";
        String s = p;
        while (s.startsWith("/")) s = s.substring(1);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** Copies the package's files into {@code dest} (created if missing). */
    public void download(Path dest) throws IOException {
        Files.createDirectories(dest);
        if (!path.isEmpty() && !repository.isDirectory(path)) {
            throw new IOException("No model at " + repository.rootUri() + "/" + path);
        }
        copy(path, dest, 0);
        if (!Files.isRegularFile(dest.resolve(MLmodel.FILE_NAME))) {
            throw new IOException("No " + MLmodel.FILE_NAME + " file at " + repository.rootUri()
                    + (path.isEmpty() ? "" : "/" + path) + ": not a model package");
        }
    }

    private void copy(String dir, Path dest, int depth) throws IOException {
        if (depth > 32) throw new IOException("Model directory nested too deeply: " + dir);
        for (FileInfo f : repository.list(dir)) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            Path target = dest.resolve(name).normalize();
            if (!target.startsWith(dest.normalize()) || name.isEmpty() || name.equals("..")) {
                throw new IOException("Unsafe file name in model package: " + f.path());
            }
            if (f.isDir()) {
                Files.createDirectories(target);
                copy(f.path(), target, depth + 1);
            } else {
                try (InputStream in = repository.open(f.path())) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
