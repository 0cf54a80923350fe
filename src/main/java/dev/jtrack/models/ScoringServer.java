package dev.jtrack.models;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * content type 415. Every {@code /invocations} answer carries an {@code X-Request-Id} header: the
 * client's, else a generated one; {@link #addListener listeners} see each answered request before
 * it is sent.
 */
public final class ScoringServer implements AutoCloseable {
    /** The default largest request body: 64 MiB. */
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    private final LoadedModel model;
    private final Scoring scoring;
    private final long maxBody;
    private final List<PredictionListener> listeners = new CopyOnWriteArrayList<>();
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

    /** The request header naming a request; echoed in the answer (generated when the client gives none). */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Adds a listener that sees every answered {@code /invocations} request; add before {@link #start}. */
    public ScoringServer addListener(PredictionListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
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
        long arrived = System.nanoTime();
        long arrivedMillis = System.currentTimeMillis();
        String requestId = requestId(req.getHeader(REQUEST_ID_HEADER));
        res.setHeader(REQUEST_ID_HEADER, requestId);
        Answer a = answer(req);
        if (!listeners.isEmpty()) {
            PredictionEvent event = new PredictionEvent(requestId, arrivedMillis, System.nanoTime() - arrived, a.status,
                    a.input, a.output, a.status == 200 ? null : a.error);
            try {
                for (PredictionListener l : listeners) l.onPrediction(event);
            } catch (RuntimeException e) {
                a = new Answer(500, errorJson("INTERNAL_ERROR", "The request could not be recorded: " + e.getMessage()),
                        null, null, null);
            }
        }
        send(res, a.status, "application/json", a.body);
    }

    private record Answer(int status, String body, Table input, Table output, String error) {
        static Answer error(int status, String code, String message) {
            return new Answer(status, errorJson(code, message), null, null, message);
        }
    }

    /** A client's id when it is printable and short, else a fresh UUID. */
    static String requestId(String given) {
        if (given != null && !given.isBlank() && given.length() <= 200 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    private Answer answer(HttpServletRequest req) throws IOException {
        String type = req.getContentType() == null ? "application/json"
                : req.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/csv")) {
            return Answer.error(415, "BAD_REQUEST", "This predictor only supports the following content types: "
                    + "Types: ['text/csv'], JSON: ['application/json']. Got '" + req.getContentType() + "'.");
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBody) {
            return Answer.error(413, "BAD_REQUEST", "Request body of " + declared + " bytes exceeds the limit of " + maxBody + " bytes.");
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        }
        if (body.length > maxBody) {
            return Answer.error(413, "BAD_REQUEST", "Request body exceeds the limit of " + maxBody + " bytes.");
        }
        try {
            Table input = type.equals("text/csv") ? scoring.parseCsv(body) : scoring.parseJson(body);
            Table output = predict(input);
            return new Answer(200, Scoring.predictionsJson(output), input, output, null);
        } catch (ScoringException e) {
            return Answer.error(400, "BAD_REQUEST", e.getMessage());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "BAD_REQUEST", "Encountered an unexpected error while evaluating the model: " + e.getMessage());
        } catch (RuntimeException e) {
            return Answer.error(500, "INTERNAL_ERROR", "Encountered an unexpected error while evaluating the model: " + e);
        }
    }

    private Table predict(Table input) {
        Table out = model.predictor().predict(input);
        if (out == null || out.rowCount() != input.rowCount()) {
            throw new IllegalStateException("The model returned " + (out == null ? "no table" : out.rowCount() + " rows")
                    + " for " + input.rowCount() + " input rows.");
        }
        return out;
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
