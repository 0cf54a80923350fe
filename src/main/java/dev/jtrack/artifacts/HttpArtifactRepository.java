package dev.jtrack.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Artifacts behind a tracking server's artifact proxy, the way MLflow's clients reach
 * {@code mlflow-artifacts:} locations: {@code GET|PUT|DELETE
 * <server>/api/2.0/mlflow-artifacts/artifacts/<root>/<path>} and listing with
 * {@code GET .../artifacts?path=<root>/<dir>}. Credentials and timeouts come from
 * the {@link ArtifactProxy}. A failed answer is an {@link HttpStatusException} carrying the status.
 */
public final class HttpArtifactRepository implements ArtifactRepository {

    /** An HTTP answer other than 2xx. */
    public static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String errorCode;

        public HttpStatusException(int status, String errorCode, String message) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** MLflow's {@code error_code} from the answer, or null when it carried none. */
        public String errorCode() {
            return errorCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");

    private final ArtifactProxy server;
    private final String root;
    private final OkHttpClient client;
    private final String authorization;

    /**
     * @param server the tracking server (base URI, credentials, timeouts)
     * @param root the path under the proxy's destination, e.g. {@code 1/<run id>/artifacts}
     */
    public HttpArtifactRepository(ArtifactProxy server, String root) {
        this.server = server;
        this.root = ArtifactPaths.normalize(stripSlashes(root));
        this.client = new OkHttpClient.Builder()
                .connectTimeout(server.connectTimeout())
                .readTimeout(server.readTimeout())
                .writeTimeout(server.readTimeout())
                .build();
        this.authorization = server.authorization();
    }

    /**
     * The repository for an artifact URI served through {@code server}'s proxy:
     * {@code mlflow-artifacts:/<path>}, {@code mlflow-artifacts://host:port/<path>} (that host,
     * with the server's scheme and credentials) or an {@code http(s)} URL of the proxy route.
     */
    public static HttpArtifactRepository forUri(ArtifactProxy server, String artifactUri) {
        java.net.URI u = java.net.URI.create(artifactUri);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("mlflow-artifacts")) {
            ArtifactProxy target = server;
            if (u.getRawAuthority() != null && !u.getRawAuthority().isEmpty()) {
                java.net.URI base = server.baseUri();
                target = server.withBase(java.net.URI.create(base.getScheme() + "://" + u.getRawAuthority()));
            }
            return new HttpArtifactRepository(target, u.getPath() == null ? "" : u.getPath());
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            int at = path.indexOf(ArtifactLocations.PROXY_ROUTE);
            if (at < 0) {
                throw new ArtifactPathException("Artifact URL " + artifactUri + " is not a tracking server's artifact proxy ("
                        + ArtifactLocations.PROXY_ROUTE + ")");
            }
            java.net.URI base = java.net.URI.create(u.getScheme() + "://" + u.getRawAuthority() + path.substring(0, at));
            String rest = java.net.URI.create("x:" + path.substring(at + ArtifactLocations.PROXY_ROUTE.length())).getPath();
            return new HttpArtifactRepository(server.withBase(base), rest);
        }
        throw new ArtifactPathException("Not an artifact proxy URI: " + artifactUri);
    }

    @Override
    public String rootUri() {
        return "mlflow-artifacts:/" + root;
    }

    /** The same server's proxy, one directory further down; shares nothing but the configuration. */
    @Override
    public HttpArtifactRepository subRepository(String relative) {
        return new HttpArtifactRepository(server, ArtifactPaths.join(root, ArtifactPaths.normalize(relative)));
    }

    private HttpUrl.Builder proxy() {
        HttpUrl base = HttpUrl.get(server.baseUri().toString());
        return base.newBuilder().addPathSegments(ArtifactLocations.PROXY_ROUTE.substring(1));
    }

    private HttpUrl fileUrl(String path) {
        String full = ArtifactPaths.join(root, ArtifactPaths.normalize(path));
        HttpUrl.Builder b = proxy();
        for (String seg : full.split("/")) {
            if (!seg.isEmpty()) {
                b.addPathSegment(seg);
            }
        }
        return b.build();
    }

    private Response call(Request.Builder builder) throws IOException {
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        builder.header("User-Agent", "jtrack-artifacts");
        return client.newCall(builder.build()).execute();
    }

    private static HttpStatusException failure(Response r, String what) throws IOException {
        String body = r.body() == null ? "" : r.body().string();
        String code = null;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("error_code")) {
                code = n.get("error_code").asText();
            }
        } catch (IOException notJson) {
            // proxies answer with HTML or plain text
        }
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return new HttpStatusException(r.code(), code,
                what + ": HTTP " + r.code() + (body.isBlank() ? "" : " " + body.strip()));
    }

    @Override
    public List<FileInfo> list(String path) throws IOException {
        String dir = ArtifactPaths.normalize(path);
        String full = ArtifactPaths.join(root, dir);
        HttpUrl url = proxy().addQueryParameter("path", full).build();
        try (Response r = call(new Request.Builder().url(url).get())) {
            if (!r.isSuccessful()) {
                throw failure(r, "listing " + full);
            }
            JsonNode files = JSON.readTree(r.body().byteStream()).path("files");
            List<FileInfo> out = new ArrayList<>();
            for (JsonNode f : files) {
                String name = f.path("path").asText();
                String rel = ArtifactPaths.join(dir, name.substring(name.lastIndexOf('/') + 1));
                boolean isDir = f.path("is_dir").asBoolean(false);
                out.add(new FileInfo(rel, isDir, isDir ? -1 : f.path("file_size").asLong(-1)));
            }
            out.sort(Comparator.comparing(FileInfo::path));
            return out;
        }
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
        String p = ArtifactPaths.normalize(path);
        if (p.isEmpty()) {
            return true;
        }
        int slash = p.lastIndexOf('/');
        String parent = slash < 0 ? "" : p.substring(0, slash);
        return list(parent).stream().anyMatch(f -> f.path().equals(p) && f.isDir());
    }

    @Override
    public InputStream open(String path) throws IOException {
        HttpUrl url = fileUrl(path);
        Response r = call(new Request.Builder().url(url).get());
        if (r.code() == 404) {
            r.close();
            throw new NoSuchFileException(path);
        }
        if (!r.isSuccessful()) {
            try (r) {
                throw failure(r, "downloading " + path);
            }
        }
        return r.body().byteStream(); // closing the stream releases the response
    }

    @Override
    public long size(String path) throws IOException {
        String p = ArtifactPaths.normalize(path);
        int slash = p.lastIndexOf('/');
        String parent = slash < 0 ? "" : p.substring(0, slash);
        return list(parent).stream().filter(f -> f.path().equals(p) && !f.isDir()).findFirst()
                .orElseThrow(() -> new NoSuchFileException(path)).fileSize();
    }

    /** Uploads with one PUT, streaming {@code data}; the server writes the file atomically. */
    @Override
    public void write(String path, InputStream data) throws IOException {
        if (ArtifactPaths.normalize(path).isEmpty()) {
            throw new ArtifactPathException("A file path is required to upload an artifact.");
        }
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTETS;
            }

            @Override
            public boolean isOneShot() {
                return true; // the stream can be read once: never let OkHttp replay it
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (Source source = Okio.source(data)) {
                    sink.writeAll(source);
                }
            }
        };
        try (Response r = call(new Request.Builder().url(fileUrl(path)).put(body))) {
            if (!r.isSuccessful()) {
                throw failure(r, "uploading " + path);
            }
        }
    }

    /**
     * Uploads a local file with one PUT. Unlike {@link #write(String, InputStream)} the body can
     * be sent again, so a connection the server closed meanwhile (e.g. after a restart) is retried
     * transparently.
     */
    @Override
    public void write(String path, java.nio.file.Path file) throws IOException {
        if (ArtifactPaths.normalize(path).isEmpty()) {
            throw new ArtifactPathException("A file path is required to upload an artifact.");
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        RequestBody body = RequestBody.create(file.toFile(), OCTETS);
        try (Response r = call(new Request.Builder().url(fileUrl(path)).put(body))) {
            if (!r.isSuccessful()) {
                throw failure(r, "uploading " + path);
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        try (Response r = call(new Request.Builder().url(fileUrl(path)).delete())) {
            if (r.code() == 404) {
                throw new NoSuchFileException(path);
            }
            if (!r.isSuccessful()) {
                throw failure(r, "deleting " + path);
            }
        }
    }

    /** Releases the HTTP client's threads and connections. */
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static String stripSlashes(String p) {
        int s = 0;
        while (s < p.length() && p.charAt(s) == '/') {
            s++;
        }
        return p.substring(s);
    }
}
