package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jtrack.server.auth.Role;
import dev.jtrack.tracking.trace.Span;
import dev.jtrack.tracking.trace.TraceStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * OpenTelemetry's trace ingest, OTLP/HTTP at {@code POST /v1/traces}, as MLflow's server serves
 * it: protobuf or JSON bodies (optionally gzip or deflate encoded), the target experiment in the
 * {@code X-MLflow-Experiment-Id} header. MLflow 3.4+ clients send every span here while a trace
 * runs; other OpenTelemetry SDKs can export here too.
 */
final class OtlpHandler {
    static final String PATH = "/v1/traces";
    static final String EXPERIMENT_HEADER = "X-MLflow-Experiment-Id";

    private final TraceStore store;
    private final Access access;
    private final long maxBodyBytes;

    OtlpHandler(TraceStore store, Access access, long maxBodyBytes) {
        this.store = store;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(Javalin app) {
        app.post(PATH, this::export);
    }

    private void export(Context ctx) throws Exception {
        access.require(ctx, Role.WRITE);
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].strip();
        boolean json = contentType.equals("application/json");
        if (!json && !contentType.equals("application/x-protobuf")) {
            throw ApiException.badRequest("Invalid Content-Type: " + ctx.contentType()
                    + ". Expected: application/x-protobuf or application/json");
        }
        String experimentId = ctx.header(EXPERIMENT_HEADER);
        if (experimentId == null || experimentId.isBlank()) {
            throw ApiException.badRequest("Missing header " + EXPERIMENT_HEADER + ": the experiment to log the spans to.");
        }
        byte[] body = decompress(ApiRoutes.readBody(ctx, maxBodyBytes), ctx.header("Content-Encoding"));
        ArrayNode resourceSpans;
        List<Span> spans;
        try {
            resourceSpans = json ? OtlpJson.resourceSpans(JsonBody.parseObject(body)) : OtlpProtobuf.decodeRequest(body);
            spans = OtlpSpans.of(resourceSpans);
        } catch (OtlpProtobuf.DecodeException | IllegalArgumentException | ClassCastException e) {
            throw ApiException.badRequest("Invalid OpenTelemetry format: " + e.getMessage());
        }
        if (resourceSpans.isEmpty()) {
            throw ApiException.badRequest("Invalid OpenTelemetry format - no spans found");
        }
        store.logSpans(experimentId.strip(), spans);
        // ExportTraceServiceResponse with nothing set: empty in protobuf, {} in JSON.
        if (json) {
            ctx.contentType("application/json").result("{}");
        } else {
            ctx.contentType("application/x-protobuf").result(new byte[0]);
        }
    }

    private byte[] decompress(byte[] body, String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return body;
        }
        try (InputStream in = switch (encoding.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw ApiException.badRequest("Unsupported Content-Encoding: " + encoding);
        }) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (out.length > maxBodyBytes) {
                throw ApiException.tooLarge("Decompressed request body exceeds the limit of " + maxBodyBytes + " bytes.");
            }
            return out;
        } catch (IOException e) {
            throw ApiException.badRequest("Cannot decompress the " + encoding + " body: " + e.getMessage());
        }
    }
}
