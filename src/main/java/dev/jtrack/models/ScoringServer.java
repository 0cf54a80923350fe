package dev.jtrack.models;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tech.tablesaw.api.Table;

/**
 * {@code jtrack models serve}: MLflow's scoring protocol over HTTP for one loaded model.
 * {@code POST /invocations} takes JSON ({@code dataframe_split}, {@code dataframe_records},
 * {@code instances}, {@code inputs}) or CSV ({@code text/csv}) and answers
 * {@code {"predictions": ...}}; {@code GET /ping} and {@code /health} answer 200 once the model is
 * loaded, {@code /version} the jtrack version. A malformed body gets 400 with
 * {@code {"error_code": "BAD_REQUEST", "message": ...}}, a body over the limit 413, another
 * content type 415.
 */
public final class ScoringServer implements AutoCloseable {
    /** The default largest request body: 64 MiB. */
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    private final LoadedModel model;
    private final Scoring scoring;
    private final long maxBody;
    private Javalin app;

    /**
     * @param model the model to serve
     * @param maxBodyBytes the largest request body accepted
     */
    public ScoringServer(LoadedModel model, long maxBodyBytes) {
        this.model = model;
        this.scoring = new Scoring(model.mlmodel().signature());
        this.maxBody = maxBodyBytes;
    }

    /** Starts on {@code host:port} (0 picks a free port) and returns the bound port. */
    public synchronized int start(String host, int port, int threads) {
        if (app != null) throw new IllegalStateException("already started");
        QueuedThreadPool pool = new QueuedThreadPool(threads + 8, Math.min(8, threads + 8));
        pool.setName("jtrack-scoring");
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.threadPool = pool;
            cfg.http.disableCompression();
            cfg.http.maxRequestSize = maxBody;
        });
        javalin.get("/ping", ctx -> ctx.contentType("application/json").result("\n"));
        javalin.get("/health", ctx -> ctx.contentType("application/json").result("\n"));
        javalin.get("/version", ctx -> ctx.contentType("text/plain").result(version()));
        javalin.post("/invocations", this::invocations);
        javalin.start(host, port);
        app = javalin;
        return javalin.port();
    }

    private void invocations(Context ctx) {
        String type = ctx.contentType() == null ? "application/json"
                : ctx.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/csv")) {
            error(ctx, 415, "BAD_REQUEST", "This predictor only supports the following content types: "
                    + "Types: ['text/csv'], JSON: ['application/json']. Got '" + ctx.contentType() + "'.");
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBody) {
            error(ctx, 413, "BAD_REQUEST", "Request body of " + declared + " bytes exceeds the limit of " + maxBody + " bytes.");
            return;
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        } catch (IOException e) {
            error(ctx, 400, "BAD_REQUEST", "Cannot read the request body: " + e.getMessage());
            return;
        }
        if (body.length > maxBody) {
            error(ctx, 413, "BAD_REQUEST", "Request body exceeds the limit of " + maxBody + " bytes.");
            return;
        }
        Table input;
        try {
            input = type.equals("text/csv") ? scoring.parseCsv(body) : scoring.parseJson(body);
        } catch (ScoringException e) {
            error(ctx, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        Table out;
        try {
            out = model.predictor().predict(input);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "BAD_REQUEST", "Encountered an unexpected error while evaluating the model: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            error(ctx, 500, "INTERNAL_ERROR", "Encountered an unexpected error while evaluating the model: " + e);
            return;
        }
        if (out == null || out.rowCount() != input.rowCount()) {
            error(ctx, 500, "INTERNAL_ERROR", "The model returned " + (out == null ? "no table" : out.rowCount() + " rows")
                    + " for " + input.rowCount() + " input rows.");
            return;
        }
        ctx.contentType("application/json").result(Scoring.predictionsJson(out));
    }

    private static void error(Context ctx, int status, String code, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error_code", code);
        o.put("message", message);
        ctx.status(status).contentType("application/json").result(o.toString());
    }

    /** The jtrack version ("dev" when run from classes). */
    public static String version() {
        String v = ScoringServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The bound port. */
    public synchronized int port() {
        if (app == null) throw new IllegalStateException("not started");
        return app.port();
    }

    /** Stops the server. Idempotent. */
    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
