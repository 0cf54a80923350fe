package dev.jtrack.cli;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.artifacts.S3ArtifactRepository;
import dev.jtrack.artifacts.S3Config;
import dev.jtrack.artifacts.S3Location;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.server.auth.PasswordHash;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.MlflowException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtrack server}: the MLflow-compatible tracking server, with flags named as {@code mlflow server}'s. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the MLflow-compatible tracking server (REST API, artifact proxy).")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--backend-store-uri", paramLabel = "URI",
            description = "Where runs live: sqlite:///file.db, postgresql://user:pass@host:port/db, or a directory."
                    + " Default: jtrack.db in the working directory.")
    String backendStoreUri;

    @Option(names = "--default-artifact-root", paramLabel = "URI",
            description = "Artifact root for new experiments (a directory, file: or s3://bucket/prefix URI)."
                    + " Default: mlflow-artifacts:/ when serving artifacts, else the jtrack-artifacts directory beside the store.")
    String defaultArtifactRoot;

    @Option(names = "--artifacts-destination", paramLabel = "URI",
            description = "Where proxied artifacts are stored: a directory or s3://bucket/prefix (S3 settings from"
                    + " MLFLOW_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...). Default: the jtrack-artifacts directory beside the store.")
    String artifactsDestination;

    @Option(names = "--serve-artifacts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy artifact uploads and downloads through this server (default: on).")
    boolean serveArtifacts;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "5000", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = {"-w", "--workers"}, description = "Request threads (default: 4 per core, at least 8).")
    Integer workers;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "Require HTTP Basic or Bearer credentials from this file (lines: user|token NAME read|write HASH).")
    Path authFile;

    @Option(names = "--hash-password", description = "Read a password from stdin, print its auth-file hash and exit.")
    boolean hashPassword;

    @Option(names = "--hash-token", description = "Read a bearer token from stdin, print its auth-file hash and exit.")
    boolean hashToken;

    @Override
    public Integer call() throws Exception {
        if (hashPassword || hashToken) {
            String secret = readSecretLine();
            System.out.println(hashPassword ? PasswordHash.hashPassword(secret.toCharArray()) : PasswordHash.hashToken(secret));
            return 0;
        }
        long started = System.nanoTime();
        quietLibraryLogs();
        Authenticator auth = loadAuth();
        StoreUri where = resolveStore();
        String artifactRoot = defaultArtifactRoot != null ? defaultArtifactRoot
                : serveArtifacts ? "mlflow-artifacts:/" : where.defaultArtifactRoot();
        List<Path> localRoots = new ArrayList<>();
        localRoots.add(Path.of(URI.create(where.defaultArtifactRoot())));
        Path localRoot = localPath(artifactRoot);
        if (localRoot != null) localRoots.add(localRoot);
        List<S3Location> s3Roots = new ArrayList<>();
        if (isS3(artifactRoot)) s3Roots.add(s3Location("--default-artifact-root", artifactRoot));
        String destinationUri = artifactsDestination != null ? artifactsDestination : where.defaultArtifactRoot();
        if (serveArtifacts && isS3(destinationUri)) s3Roots.add(s3Location("--artifacts-destination", destinationUri));
        S3Config s3 = s3Roots.isEmpty() ? null : s3Config();
        ArtifactRepository destination = !serveArtifacts ? null
                : isS3(destinationUri) ? S3ArtifactRepository.forUri(s3, destinationUri)
                : new LocalArtifactRepository(destinationDir(destinationUri));
        ArtifactLocations locations = new ArtifactLocations(destination, localRoots, s3Roots, s3);

        // Opening the store (native SQLite, migrations) and loading the HTTP stack overlap: start time matters.
        CompletableFuture<SqlStores> opening = CompletableFuture.supplyAsync(() -> open(where, artifactRoot));
        TrackingServer.preloadClasses();
        SqlStores stores;
        try {
            stores = opening.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        TrackingServer server = new TrackingServer();
        int bound;
        try {
            ServerConfig.Builder config = ServerConfig.builder(stores.tracking(), stores.registry())
                    .host(host).port(port).authenticator(auth).artifacts(locations);
            if (workers != null) config.workers(workers);
            bound = server.start(config.build());
        } catch (RuntimeException e) {
            stores.close();
            throw new UserError("cannot start the server on " + host + ":" + port + ": " + rootMessage(e));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stores.close();
            System.err.println("jtrack server stopped");
            stopped.countDown();
        }, "jtrack-server-shutdown"));
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("jtrack server listening on http://" + displayHost(host) + ":" + bound
                + " (store " + where.display() + (destination != null ? ", artifacts " + displayArtifacts(destination) : "")
                + (auth != null ? ", auth on" : "") + "; started in " + ms + " ms)");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String displayHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String readSecretLine() throws IOException {
        if (System.console() != null) {
            char[] pw = System.console().readPassword("Secret: ");
            if (pw == null) throw new UserError("no input");
            return new String(pw);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) throw new UserError("expected the secret on stdin");
        return line;
    }

    /** Jetty and Javalin announce themselves at INFO; the server prints its own one-line banner. */
    private static void quietLibraryLogs() {
        for (String logger : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) System.setProperty(key, "warn");
        }
    }

    private Authenticator loadAuth() {
        if (authFile == null) return null;
        try {
            return Authenticator.fromFile(authFile);
        } catch (IOException e) {
            throw new UserError("cannot read --auth-file " + authFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError("--auth-file " + authFile + ": " + e.getMessage());
        }
    }

    private StoreUri resolveStore() {
        StoreUri where;
        try {
            where = StoreUri.resolve(backendStoreUri);
        } catch (MlflowException e) {
            throw new UserError("--backend-store-uri: " + e.getMessage());
        }
        if (where.kind() == StoreUri.Kind.REST) {
            throw new UserError("--backend-store-uri must be a database (sqlite:///..., postgresql://...) or a directory,"
                    + " not an HTTP server");
        }
        return where;
    }

    /** The directory of a local artifact root (a path or file: URI), or null for other schemes. */
    private static Path localPath(String root) {
        if (root.startsWith("file:")) return Path.of(URI.create(root));
        if (root.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) return null;
        return Path.of(root);
    }

    private static boolean isS3(String uri) {
        return uri.regionMatches(true, 0, "s3://", 0, 5);
    }

    private static S3Location s3Location(String flag, String uri) {
        try {
            return S3Location.parse(uri);
        } catch (ArtifactPathException e) {
            throw new UserError(flag + " " + uri + ": " + e.getMessage());
        }
    }

    private static S3Config s3Config() {
        try {
            return S3Config.fromEnvironment();
        } catch (IllegalArgumentException e) {
            throw new UserError("S3 settings: " + e.getMessage());
        }
    }

    private static String displayArtifacts(ArtifactRepository destination) {
        return destination instanceof LocalArtifactRepository local ? local.root().toString() : destination.rootUri();
    }

    private Path destinationDir(String d) {
        Path dir;
        if (d.startsWith("file:")) {
            dir = Path.of(URI.create(d));
        } else if (d.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new UserError("--artifacts-destination " + d + ": only local directories and s3:// locations are supported");
        } else {
            dir = Path.of(d);
        }
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--artifacts-destination " + dir + " is not a directory");
        }
        return dir;
    }

    private static SqlStores open(StoreUri where, String artifactRoot) {
        try {
            return SqlStores.open(where, artifactRoot);
        } catch (MlflowException e) {
            throw new UserError("cannot open the backend store " + where.display() + ": " + e.getMessage());
        }
    }
}
