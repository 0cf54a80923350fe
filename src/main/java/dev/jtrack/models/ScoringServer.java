package dev.jtrack.models;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
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
    private Server server;

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
        if (server != null) throw new IllegalStateException("already started");
        // plain Jetty rather than Javalin: one route family, and each request skips a servlet
        // chain, which is most of the cost of scoring a small model
        QueuedThreadPool pool = new QueuedThreadPool(threads + 8, Math.min(8, threads + 8));
        pool.setName("jtrack-scoring");
        Server jetty = new Server(pool);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res) throws IOException {
                base.setHandled(true);
                route(target, req, res);
            }
        });
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException("cannot start the scoring server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server = jetty;
        return connector.getLocalPort();
    }

    private void route(String target, HttpServletRequest req, HttpServletResponse res) throws IOException {
        String method = req.getMethod();
        switch (target) {
            case "/invocations" -> {
                if (!method.equals("POST")) {
                    send(res, 405, "application/json", errorJson("BAD_REQUEST", "Use POST for /invocations."));
                } else {
                    invocations(req, res);
                }
            }
            case "/ping", "/health" -> send(res, 200, "application/json", "\n");
            case "/version" -> send(res, 200, "text/plain", version());
            default -> send(res, 404, "application/json", errorJson("ENDPOINT_NOT_FOUND", "No endpoint " + target));
        }
    }

    private void invocations(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String type = req.getContentType() == null ? "application/json"
                : req.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/csv")) {
            send(res, 415, "application/json", errorJson("BAD_REQUEST", "This predictor only supports the following content types: "
                    + "Types: ['text/csv'], JSON: ['application/json']. Got '" + req.getContentType() + "'."));
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBody) {
            send(res, 413, "application/json", errorJson("BAD_REQUEST",
                    "Request body of " + declared + " bytes exceeds the limit of " + maxBody + " bytes."));
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        }
        if (body.length > maxBody) {
            send(res, 413, "application/json", errorJson("BAD_REQUEST", "Request body exceeds the limit of " + maxBody + " bytes."));
            return;
        }
        int status = 200;
        String answer;
        try {
            Table input = type.equals("text/csv") ? scoring.parseCsv(body) : scoring.parseJson(body);
            answer = predict(input);
        } catch (ScoringException e) {
            status = 400;
            answer = errorJson("BAD_REQUEST", e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            answer = errorJson("BAD_REQUEST", "Encountered an unexpected error while evaluating the model: " + e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            answer = errorJson("INTERNAL_ERROR", "Encountered an unexpected error while evaluating the model: " + e);
        }
        send(res, status, "application/json", answer);
    }

    private String predict(Table input) {
        Table out = model.predictor().predict(input);
        if (out == null || out.rowCount() != input.rowCount()) {
            throw new IllegalStateException("The model returned " + (out == null ? "no table" : out.rowCount() + " rows")
                    + " for " + input.rowCount() + " input rows.");
        }
        return Scoring.predictionsJson(out);
    }

    private static void send(HttpServletResponse res, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType(type);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private static String errorJson(String code, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error_code", code);
        o.put("message", message);
        return o.toString();
    }

    /** The jtrack version ("dev" when run from classes). */
    public static String version() {
        String v = ScoringServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The bound port. */
    public synchronized int port() {
        if (server == null) throw new IllegalStateException("not started");
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops the server. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                // stopping is best effort; the threads are daemon-free and end with the pool
            }
            server = null;
        }
    }
}
