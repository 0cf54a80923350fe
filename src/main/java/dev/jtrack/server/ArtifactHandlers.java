package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.artifacts.ArtifactPaths;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.FileInfo;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.server.auth.Role;
import dev.jtrack.tracking.TrackingStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Artifact endpoints: {@code artifacts/list}, {@code /get-artifact},
 * {@code /model-versions/get-artifact}, and the proxy {@code /api/2.0/mlflow-artifacts/artifacts}.
 */
final class ArtifactHandlers {
    private static final String[] PROXY_PREFIXES = {"/api/2.0/mlflow-artifacts/artifacts", "/ajax-api/2.0/mlflow-artifacts/artifacts"};

    /** The largest body {@code upload-artifact} takes, as MLflow's. */
    static final long UPLOAD_MAX_BYTES = 10L * 1024 * 1024;

    private final TrackingStore tracking;
    private final RegistryStore registry;
    private final ArtifactLocations locations;
    private final Access access;

    ArtifactHandlers(TrackingStore tracking, RegistryStore registry, ArtifactLocations locations, Access access) {
        this.tracking = tracking;
        this.registry = registry;
        this.locations = locations;
        this.access = access;
    }

    void register(ApiRoutes r, Javalin app) {
        r.get("artifacts/list", this::listRunArtifacts);
        r.postRaw("upload-artifact", this::uploadRunArtifact);
        app.get("/get-artifact", this::getRunArtifact);
        if (tracking.loggedModels() != null) {
            r.get("logged-models/{model_id}/artifacts/directories", this::listLoggedModelArtifacts);
            r.getRaw("logged-models/{model_id}/artifacts/files", this::getLoggedModelArtifact);
        }
        if (registry != null) {
            app.get("/model-versions/get-artifact", this::getModelVersionArtifact);
        }
        for (String prefix : PROXY_PREFIXES) {
            app.addHttpHandler(HandlerType.GET, prefix, this::proxyList);
            app.addHttpHandler(HandlerType.GET, prefix + "/<path>", this::proxyDownload);
            app.addHttpHandler(HandlerType.PUT, prefix + "/<path>", this::proxyUpload);
            app.addHttpHandler(HandlerType.DELETE, prefix + "/<path>", this::proxyDelete);
        }
    }

    /** The repository at an artifact URI; a URI the server cannot access is a client-side problem. */
    private ArtifactRepository repositoryAt(String uri) throws IOException {
        try {
            return locations.forUri(uri);
        } catch (UnsupportedOperationException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The normalized artifact path; a path leading out of its root gets MLflow's exact error, "Invalid path". */
    static String safePath(String path) {
        try {
            return ArtifactPaths.normalize(path);
        } catch (ArtifactPathException e) {
            throw ApiException.invalidParameter("Invalid path");
        }
    }

    private void listRunArtifacts(Params in, JsonOut out) throws Exception {
        String runId = in.runId();
        String path = safePath(in.string("path"));
        String rootUri = tracking.getRun(runId).info().artifactUri();
        ArtifactRepository repo = repositoryAt(rootUri);
        List<FileInfo> files = repo.list(path);
        out.str("root_uri", rootUri);
        writeFiles(out.gen(), files, false);
    }

    private void listLoggedModelArtifacts(Params in, JsonOut out) throws Exception {
        String rootUri = tracking.loggedModels().getLoggedModel(in.requiredString("model_id"), false).artifactLocation();
        String path = safePath(in.string("artifact_directory_path"));
        List<FileInfo> files = repositoryAt(rootUri).list(path);
        writeFiles(out.gen(), files, false);
        out.str("root_uri", rootUri);
    }

    /** {@code GET logged-models/<id>/artifacts/files?artifact_file_path=..}: one file of a logged model. */
    private void getLoggedModelArtifact(Context ctx, java.util.Map<String, String> pathValues) throws IOException {
        String file = ctx.queryParam("artifact_file_path");
        if (file == null || file.isEmpty()) {
            throw ApiException.badRequest("Request must include the \"artifact_file_path\" query parameter.");
        }
        String path = safePath(file);
        String rootUri = tracking.loggedModels().getLoggedModel(pathValues.get("model_id"), false).artifactLocation();
        sendFile(ctx, repositoryAt(rootUri), path);
    }

    private static void writeFiles(JsonGenerator g, List<FileInfo> files, boolean baseNames) throws IOException {
        if (files.isEmpty()) return;
        g.writeArrayFieldStart("files");
        for (FileInfo f : files) {
            g.writeStartObject();
            String p = f.path();
            g.writeStringField("path", baseNames ? p.substring(p.lastIndexOf('/') + 1) : p);
            g.writeBooleanField("is_dir", f.isDir());
            if (!f.isDir()) g.writeNumberField("file_size", f.fileSize());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String required(Context ctx, String... names) {
        for (String n : names) {
            String v = ctx.queryParam(n);
            if (v != null && !v.isEmpty()) return v;
        }
        throw ApiException.invalidParameter("Missing value for required parameter '" + names[0] + "'.");
    }

    private void getRunArtifact(Context ctx) throws IOException {
        access.require(ctx, Role.READ);
        String runId = required(ctx, "run_id", "run_uuid");
        String path = safePath(required(ctx, "path"));
        String rootUri = tracking.getRun(runId).info().artifactUri();
        sendFile(ctx, repositoryAt(rootUri), path);
    }

    /**
     * {@code POST upload-artifact?run_uuid=..&path=..} with the file as the body (at most
     * {@value #UPLOAD_MAX_BYTES} bytes), as MLflow's UI uploads small files into a run.
     */
    private void uploadRunArtifact(Context ctx) throws IOException {
        String runId = ctx.queryParam("run_uuid");
        if (runId == null || runId.isEmpty()) {
            throw ApiException.invalidParameter("Request must specify run_uuid.");
        }
        String given = ctx.queryParam("path");
        if (given == null || given.isEmpty()) {
            throw ApiException.invalidParameter("Request must specify path.");
        }
        String path = safePath(given);
        if (ctx.req().getContentLengthLong() > UPLOAD_MAX_BYTES) {
            throw ApiException.invalidParameter("Artifact size is too large. Max size is 10MB.");
        }
        byte[] data = ApiRoutes.readBody(ctx, UPLOAD_MAX_BYTES);
        if (data.length == 0) {
            throw ApiException.invalidParameter("Request must specify data.");
        }
        if (path.isEmpty()) {
            throw ApiException.invalidParameter("Invalid path");
        }
        String rootUri = tracking.getRun(runId).info().artifactUri();
        repositoryAt(rootUri).write(path, new java.io.ByteArrayInputStream(data));
        ctx.contentType("application/json").result("{}");
    }

    private void getModelVersionArtifact(Context ctx) throws IOException {
        access.require(ctx, Role.READ);
        String name = required(ctx, "name");
        String version = required(ctx, "version");
        String path = safePath(required(ctx, "path"));
        String uri = RegistryHandlers.downloadUri(registry, tracking.loggedModels(), name, version);
        sendFile(ctx, repositoryAt(uri), path);
    }

    private static void sendFile(Context ctx, ArtifactRepository repo, String path) throws IOException {
        if (path.isEmpty()) {
            throw ApiException.invalidParameter("Invalid value for parameter 'path': a file path is required.");
        }
        InputStream in;
        long size;
        try {
            size = repo.size(path);
            in = repo.open(path);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("Artifact '" + path + "' does not exist.");
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Length", Long.toString(size));
        ctx.contentType(contentType(name));
        ctx.result(in);
    }

    /** A content type from the file name; active content (HTML, SVG, JS) is served as plain text. */
    static String contentType(String name) {
        String lower = name.toLowerCase();
        if (lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith(".svg") || lower.endsWith(".js")
                || lower.endsWith(".txt") || lower.endsWith(".log") || lower.endsWith(".py") || lower.endsWith(".java")
                || lower.equals("mlmodel") || lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".md")) {
            return "text/plain; charset=utf-8";
        }
        if (lower.endsWith(".json")) return "application/json";
        String guessed = URLConnection.guessContentTypeFromName(name);
        if (guessed == null || guessed.startsWith("text/html") || guessed.contains("xml")) {
            return guessed == null ? "application/octet-stream" : "text/plain; charset=utf-8";
        }
        return guessed;
    }

    private ArtifactRepository destination() {
        ArtifactRepository d = locations.destination();
        if (d == null) {
            throw new ApiException("FEATURE_DISABLED", 503,
                    "The artifact proxy is disabled: the server was started with --no-serve-artifacts.");
        }
        return d;
    }

    private void proxyList(Context ctx) throws IOException {
        access.require(ctx, Role.READ);
        ArtifactRepository repo = destination();
        String path = safePath(ctx.queryParam("path"));
        JsonOut out = new JsonOut();
        writeFiles(out.gen(), repo.list(path), true);
        ctx.contentType("application/json").result(out.finish());
    }

    private void proxyDownload(Context ctx) throws IOException {
        access.require(ctx, Role.READ);
        ArtifactRepository repo = destination();
        String path = safePath(ctx.pathParam("path"));
        try {
            sendFile(ctx, repo, path);
        } catch (ApiException notFound) {
            // only now ask whether it is a directory: one round trip less per download from S3
            if (!path.isEmpty() && repo.isDirectory(path)) {
                throw ApiException.badRequest("Artifact '" + path + "' is a directory; list it instead.");
            }
            throw notFound;
        }
    }

    private void proxyUpload(Context ctx) throws IOException {
        access.require(ctx, Role.WRITE);
        ArtifactRepository repo = destination();
        String path = safePath(ctx.pathParam("path"));
        if (path.isEmpty()) {
            throw ApiException.invalidParameter("Invalid value for parameter 'path': a file path is required.");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            repo.write(path, in);
        }
        ctx.contentType("application/json").result("{}");
    }

    private void proxyDelete(Context ctx) throws IOException {
        access.require(ctx, Role.WRITE);
        ArtifactRepository repo = destination();
        String path = safePath(ctx.pathParam("path"));
        if (path.isEmpty()) {
            throw ApiException.invalidParameter("Invalid value for parameter 'path': refusing to delete the artifact root.");
        }
        try {
            repo.delete(path);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("Artifact '" + path + "' does not exist.");
        }
        ctx.contentType("application/json").result("{}");
    }
}
