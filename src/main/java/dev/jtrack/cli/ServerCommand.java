package dev.jtrack.cli;

import dev.jtrack.artifacts.ArtifactLocations;
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
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jtrack server}: the MLflow-compatible tracking server, with flags named as {@code mlflow server}'s. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the MLflow-compatible tracking server (REST API, artifact proxy).")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--backend-store-uri", paramLabel = "URI", defaultValue = "${env:MLFLOW_BACKEND_STORE_URI}",
            description = "Where runs live: sqlite:///file.db, postgresql://user:pass@host:port/db, or a directory"
                    + " (not another server's http:// address)."
                    + " Default: MLFLOW_BACKEND_STORE_URI, else jtrack.db in the working directory.")
    String backendStoreUri;

    @Option(names = "--default-artifact-root", paramLabel = "URI", defaultValue = "${env:MLFLOW_DEFAULT_ARTIFACT_ROOT}",
            description = "Artifact root for new experiments (a directory, file: or s3://bucket/prefix URI)."
                    + " Default: MLFLOW_DEFAULT_ARTIFACT_ROOT, else mlflow-artifacts:/ when serving artifacts, else the jtrack-artifacts directory beside the store.")
    String defaultArtifactRoot;

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = "${env:MLFLOW_ARTIFACTS_DESTINATION}",
            description = "Where proxied artifacts are stored: a directory or s3://bucket/prefix (S3 settings from"
                    + " MLFLOW_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...). Default: MLFLOW_ARTIFACTS_DESTINATION, else the jtrack-artifacts directory beside the store.")
    String artifactsDestination;

    @Option(names = "--serve-artifacts", negatable = true, defaultValue = "${env:MLFLOW_SERVE_ARTIFACTS:-true}", fallbackValue = "true",
            description = "Proxy artifact uploads and downloads through this server (default: MLFLOW_SERVE_ARTIFACTS, else on).")
    boolean serveArtifacts;

    @Mixin
    Serving serving;

    @Option(names = {"-p", "--port"}, defaultValue = "${env:MLFLOW_PORT:-5000}",
            description = "Port (default: MLFLOW_PORT, else 5000; 0 picks a free one).")
    int port;

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
        // Jetty and Javalin announce themselves at INFO; the server prints its own one-line banner.
        Serving.quietLogs("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "software.amazon.awssdk");
        Authenticator auth = loadAuth();
        StoreUri where = resolveStore();
        String artifactRoot = defaultArtifactRoot != null ? defaultArtifactRoot
                : serveArtifacts ? "mlflow-artifacts:/" : where.defaultArtifactRoot();
        ServerArtifacts artifacts = new ServerArtifacts(where, artifactRoot, artifactsDestination, serveArtifacts);

        // Opening the store (native SQLite, migrations), loading the HTTP stack and, for S3, the AWS
        // SDK overlap: start time matters.
        CompletableFuture<SqlStores> opening = CompletableFuture.supplyAsync(() -> open(where, artifactRoot));
        CompletableFuture<ArtifactLocations> locating = CompletableFuture.supplyAsync(artifacts::locations);
        TrackingServer.preloadClasses();
        SqlStores stores;
        ArtifactLocations locations;
        try {
            stores = opening.join();
            locations = locating.join();
        } catch (CompletionException e) {
            if (opening.isDone() && !opening.isCompletedExceptionally()) opening.join().close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        TrackingServer server = new TrackingServer();
        int bound;
        try {
            ServerConfig.Builder config = ServerConfig.builder(stores.tracking(), stores.registry()).traces(stores.traces())
                    .host(serving.host).port(port).workers(serving.workers()).authenticator(auth).artifacts(locations);
            bound = server.start(config.build());
        } catch (RuntimeException e) {
            stores.close();
            throw new UserError("cannot start the server on " + serving.host + ":" + port + ": " + rootMessage(e));
        }
        CountDownLatch stopped = Serving.onShutdown("jtrack-server-shutdown", () -> {
            server.close();
            stores.close();
            System.err.println("jtrack server stopped");
        });
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("jtrack server listening on http://" + displayHost(serving.host) + ":" + bound
                + " (store " + where.display() + (artifacts.describeDestination() != null ? ", artifacts " + artifacts.describeDestination() : "")
                + (auth != null ? ", auth on" : "") + "; started in " + ms + " ms)");
        System.out.flush();
        artifacts.checkS3InBackground();
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
            throw new UserError("--backend-store-uri (or MLFLOW_BACKEND_STORE_URI): " + e.getMessage(), 2);
        }
        if (where.isServer()) {
            // Refused on purpose (README, "MLflow 3"): a server in front of another one would pass
            // every call through a second REST hop, could not search spans, assessments or logged
            // models with the other server's database, and an address of this server itself loops.
            throw new UserError("--backend-store-uri (or MLFLOW_BACKEND_STORE_URI) must be a database (sqlite:///...,"
                    + " postgresql://...) or a directory, not an HTTP server: " + backendStoreUri
                    + ". jtrack server keeps its data in its own database; to work with that server, point clients at it"
                    + " directly (MLFLOW_TRACKING_URI=" + backendStoreUri + ").", 2);
        }
        return where;
    }

    private static SqlStores open(StoreUri where, String artifactRoot) {
        try {
            return SqlStores.open(where, artifactRoot);
        } catch (MlflowException e) {
            throw new UserError("cannot open the backend store " + where.display() + ": " + e.getMessage());
        }
    }
}
