package dev.jtrack.server;

import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.servlet.FilterHolder;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The jtrack tracking server: MLflow's REST API (under {@code /api/2.0/mlflow} and
 * {@code /ajax-api/2.0/mlflow}), the artifact proxy, {@code /health}, {@code /version}, its OpenAPI
 * description at {@code /api/openapi.json} ({@link OpenApiDocument}) and the web UI at {@code /}
 * ({@link WebUi}), over the stores in a {@link ServerConfig}.
 *
 * <pre>{@code
 * try (TrackingServer server = new TrackingServer()) {
 *     int port = server.start(ServerConfig.builder(tracking, registry).build());
 *     ...
 * }
 * }</pre>
 * Closing the server stops it but leaves the stores open (the caller owns them).
 */
public final class TrackingServer implements AutoCloseable {
    /** The largest request line plus headers accepted. */
    static final int REQUEST_HEADER_BYTES = 64 * 1024;

    /**
     * What {@code /version} answers: the MLflow release whose REST API this server speaks. MLflow's
     * clients read it to pick their richest path (3.x clients send spans over OTLP to servers of
     * 3.4 or newer, and fall back to artifact uploads otherwise), so it is an MLflow version, not
     * jtrack's own; jtrack's version is in the {@value #JTRACK_VERSION_HEADER} header.
     */
    public static final String MLFLOW_API_VERSION = "3.17.2";
    /** The response header of {@code /version} carrying jtrack's own version. */
    public static final String JTRACK_VERSION_HEADER = "X-Jtrack-Version";

    /** Longest a blocked read of a request body may wait for the next bytes. */
    static final long IDLE_TIMEOUT_MS = 30_000;

    private Javalin app;
    private final java.util.Set<String> registered = new java.util.TreeSet<>();

    /** Starts serving and returns the bound port (useful with port 0). */
    public synchronized int start(ServerConfig config) {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool pool = new QueuedThreadPool(config.workers() + 8, Math.min(8, config.workers() + 8));
        pool.setName("jtrack-http");
        Access access = new Access(config.authenticator());
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.threadPool = pool;
            cfg.http.disableCompression();
            // as MLflow's server (its own tests call "//model-versions/get-artifact")
            cfg.router.treatMultipleSlashesAsSingleSlash = true;
            // GET requests naming many runs (bulk metric histories: up to 100 run ids, and MLflow's
            // own refusal of more) exceed Jetty's 8 KiB default; MLflow's server reads them
            cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(REQUEST_HEADER_BYTES));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            cfg.jetty.modifyServletContextHandler(handler ->
                    handler.addFilter(new FilterHolder(new FramingGuard()), "/*", EnumSet.of(DispatcherType.REQUEST)));
            cfg.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(IDLE_TIMEOUT_MS));
            cfg.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) registered.add(h.getHttpMethod().name() + " " + h.getPath());
            });
        });
        if (config.authenticator() != null) {
            javalin.before(access::authenticate);
        }
        javalin.exception(Exception.class, ErrorResponses::handle);
        javalin.exception(HttpResponseException.class, ErrorResponses::handle);
        javalin.get("/health", ctx -> ctx.contentType("text/plain").result("OK"));
        javalin.get("/version", ctx -> ctx.contentType("text/plain")
                .header(JTRACK_VERSION_HEADER, version()).result(MLFLOW_API_VERSION));

        javalin.get(OpenApiDocument.PATH, ctx -> ctx.contentType("application/json").result(OpenApiDocument.json()));

        ApiRoutes routes = new ApiRoutes(javalin, access, config.maxBodyBytes());
        new ExperimentHandlers(config.tracking()).register(routes);
        new RunHandlers(config.tracking()).register(routes);
        new MetricHandlers(config.tracking()).register(routes);
        if (config.tracking().loggedModels() != null) {
            new LoggedModelHandlers(config.tracking().loggedModels()).register(routes);
        }
        if (config.tracking().evaluation() != null) {
            new EvaluationHandlers(config.tracking().evaluation()).register(routes);
        }
        if (config.registry() != null) {
            new RegistryHandlers(config.registry(), config.tracking()).register(routes);
        }
        if (config.traces() != null) {
            new TraceHandlers(config.traces()).register(routes);
            new TraceV2Handlers(config.traces()).register(routes);
            new OtlpHandler(config.traces(), access, config.maxBodyBytes()).register(javalin);
        }
        new ArtifactHandlers(config.tracking(), config.registry(), config.artifacts(), access).register(routes, javalin);
        new PromptlabHandlers(config.tracking(), config.artifacts()).register(routes);
        new GraphqlEndpoint(routes, access, config.maxBodyBytes()).register(javalin);
        new WebUi(access).register(javalin);

        javalin.start(config.host(), config.port());
        registered.addAll(routes.endpoints());
        app = javalin;
        return javalin.port();
    }

    /**
     * Loads the HTTP stack's classes without starting anything, so a caller can overlap that work
     * with opening its stores.
     */
    public static void preloadClasses() {
        Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
        });
        new JettyErrors();
        new QueuedThreadPool(8, 1);
    }

    /**
     * Every route the server registered, as {@code "METHOD /path"}: the framework's own paths
     * (wildcards such as {@code <path>} as registered) and each MLflow REST endpoint under
     * {@code /api/<version>/mlflow/}; what {@link OpenApiDocument} must describe.
     */
    synchronized java.util.Set<String> routes() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(registered));
    }

    /** The bound port; the server must be started. */
    public synchronized int port() {
        if (app == null) throw new IllegalStateException("not started");
        return app.port();
    }

    /** The jtrack version from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = TrackingServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Stops the server, letting requests in flight finish. Idempotent. */
    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
