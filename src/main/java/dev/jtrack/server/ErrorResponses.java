package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.tracking.MlflowException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns exceptions into MLflow's error JSON with the right HTTP status; never leaks a stack trace. */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final JsonFactory FACTORY = new JsonFactory();

    private ErrorResponses() {}

    static void handle(Exception e, Context ctx) {
        if (e instanceof ApiException a) {
            send(ctx, a.status(), a.errorCode(), a.getMessage());
            if (a.status() == 401) {
                ctx.header("WWW-Authenticate", "Basic realm=\"jtrack\", charset=\"UTF-8\"");
            }
        } else if (e instanceof MlflowException m) {
            send(ctx, m.httpStatus(), m.errorCode().name(), m.getMessage());
        } else if (e instanceof ArtifactPathException p) {
            send(ctx, 400, "INVALID_PARAMETER_VALUE", p.getMessage());
        } else if (e instanceof HttpResponseException h) {
            fromJavalin(ctx, h);
        } else if (framingProblem(e) != null) {
            send(ctx, 400, "BAD_REQUEST", "Bad request: " + framingProblem(e));
        } else {
            LOG.warn("Internal error handling {} {}", ctx.method(), ctx.path(), e);
            send(ctx, 500, "INTERNAL_ERROR", "Internal server error (" + e.getClass().getSimpleName()
                    + "); the details are in the server log.");
        }
    }

    /**
     * What was wrong with how the client framed its request, when {@code e} came from reading a
     * request body that was malformed (broken chunked encoding), cut short (fewer bytes than its
     * Content-Length before the client stopped sending) or too slow; null for other failures.
     */
    static String framingProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadMessageException b) {
                return b.getReason() != null ? b.getReason() : "malformed request (HTTP " + b.getCode() + ")";
            }
            if (t instanceof EofException) {
                return "the request body ended before its declared length";
            }
            if (t instanceof TimeoutException) {
                return "the request body did not arrive in time";
            }
        }
        return null;
    }

    private static void fromJavalin(Context ctx, HttpResponseException h) {
        int status = h.getStatus();
        if (status == 404 || status == 405) {
            send(ctx, 404, "ENDPOINT_NOT_FOUND", "No endpoint " + ctx.method() + " " + ctx.path() + ".");
        } else if (status == 413) {
            send(ctx, 413, "REQUEST_LIMIT_EXCEEDED", "Request body too large.");
        } else if (status >= 400 && status < 500) {
            send(ctx, status, "BAD_REQUEST", "Bad request: " + h.getMessage());
        } else {
            send(ctx, 500, "INTERNAL_ERROR", "Internal server error.");
        }
    }

    static void send(Context ctx, int status, String code, String message) {
        ctx.status(status).contentType("application/json").result(body(code, message));
    }

    static byte[] body(String code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error_code", code);
            g.writeStringField("message", message == null ? "" : message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
