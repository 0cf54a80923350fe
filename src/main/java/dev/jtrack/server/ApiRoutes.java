package dev.jtrack.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.server.auth.Role;
import io.javalin.Javalin;
import jakarta.servlet.http.HttpServletResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Registers MLflow REST endpoints under both {@code /api/<version>/mlflow/} and
 * {@code /ajax-api/<version>/mlflow/} (version 2.0 unless a path is registered with
 * {@link #v3(String)}), and runs each request: permission check, request parsing
 * (query parameters for GET, a size-capped JSON body otherwise), the handler, the JSON reply.
 */
final class ApiRoutes {
    static final String[] PREFIXES = {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/3.0/mlflow/", "/ajax-api/3.0/mlflow/"};
    private static final String V3 = "3.0/";
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /** An endpoint: reads the request fields, writes the response fields. */
    @FunctionalInterface
    interface Handler {
        void handle(Params in, JsonOut out) throws Exception;
    }

    private record Route(HandlerType type, Role needed, Handler handler) {}

    /** A path with {@code {name}} segments, such as {@code logged-models/{model_id}/tags/{tag_key}}. */
    private record Template(HandlerType type, String[] segments, Route route) {
        /** The path values if {@code path} matches, else null. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) return null;
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (path[i].isEmpty()) return null;
                    values.put(s.substring(1, s.length() - 1), decode(path[i]));
                } else if (!s.equals(path[i])) {
                    return null;
                }
            }
            return values;
        }
    }

    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PATCH, HandlerType.DELETE};

    private final Access access;
    private final long maxBodyBytes;
    // One wildcard route per prefix and method, then a hash lookup: cheaper per request than
    // letting the router try ~140 path patterns in turn.
    private final Map<String, Route> routes = new HashMap<>();
    // Paths with {name} segments, tried in turn only when no exact path matches.
    private final java.util.List<Template> templates = new java.util.ArrayList<>();

    ApiRoutes(Javalin app, Access access, long maxBodyBytes) {
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
        for (String prefix : PREFIXES) {
            for (HandlerType method : METHODS) {
                app.addHttpHandler(method, prefix + "<path>", ctx -> dispatch(ctx, method, prefix));
            }
        }
    }

    private void dispatch(Context ctx, HandlerType method, String prefix) throws Exception {
        String path = ctx.path().substring(prefix.length());
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (prefix.contains("/3.0/")) {
            path = V3 + path;
        }
        Route route = routes.get(method.name() + " " + path);
        if (route != null) {
            run(ctx, method, route.needed(), route.handler(), Map.of());
            return;
        }
        String[] segments = path.split("/", -1);
        for (Template t : templates) {
            Map<String, String> values = t.type() == method ? t.match(segments) : null;
            if (values != null) {
                run(ctx, method, t.route().needed(), t.route().handler(), values);
                return;
            }
        }
        throw ApiException.endpointNotFound("No endpoint " + method.name() + " " + ctx.path() + ".");
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Malformed path segment '" + segment + "'.");
        }
    }

    /**
     * The route key of an MLflow 3 path, served under {@code /api/3.0/mlflow/} (and the ajax
     * prefix): {@code r.get(ApiRoutes.v3("traces/search"), ...)}. Paths given without it are 2.0.
     */
    static String v3(String path) {
        return V3 + path;
    }

    /**
     * A read endpoint taking query parameters. A path may have {@code {name}} segments, whose
     * values become request fields of that name.
     */
    void get(String path, Handler h) {
        add(HandlerType.GET, path, Role.READ, h);
    }

    /** A write endpoint taking a JSON body. */
    void post(String path, Handler h) {
        add(HandlerType.POST, path, Role.WRITE, h);
    }

    /** A read endpoint taking a JSON body (searches). */
    void postRead(String path, Handler h) {
        add(HandlerType.POST, path, Role.READ, h);
    }

    void patch(String path, Handler h) {
        add(HandlerType.PATCH, path, Role.WRITE, h);
    }

    void delete(String path, Handler h) {
        add(HandlerType.DELETE, path, Role.WRITE, h);
    }

    private void add(HandlerType type, String path, Role needed, Handler h) {
        if (path.contains("{")) {
            templates.add(new Template(type, path.split("/", -1), new Route(type, needed, h)));
            return;
        }
        if (routes.put(type.name() + " " + path, new Route(type, needed, h)) != null) {
            throw new IllegalStateException("duplicate route " + type + " " + path);
        }
    }

    private void run(Context ctx, HandlerType type, Role needed, Handler h, Map<String, String> pathValues) throws Exception {
        access.require(ctx, needed);
        Params in = params(ctx, type).with(pathValues);
        JsonOut out = new JsonOut();
        h.handle(in, out);
        byte[] body = out.finish();
        // Written straight to the servlet response: skips the framework's stream-copying result path.
        HttpServletResponse res = ctx.res();
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body.length == 2 ? EMPTY_OBJECT : body);
    }

    private Params params(Context ctx, HandlerType type) throws IOException {
        boolean hasQuery = ctx.req().getQueryString() != null && !ctx.req().getQueryString().isEmpty();
        if (type == HandlerType.GET && hasQuery) {
            return Params.ofQuery(ctx.queryParamMap());
        }
        byte[] body = readBody(ctx, maxBodyBytes);
        // DELETE may carry its fields in the query string instead of a body; other writes may not.
        if (body.length == 0 && hasQuery && type == HandlerType.DELETE) {
            return Params.ofQuery(ctx.queryParamMap());
        }
        ObjectNode json = JsonBody.parseObject(body);
        return Params.ofJson(json);
    }

    /** Reads the request body, refusing more than {@code max} bytes with 413. */
    static byte[] readBody(Context ctx, long max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw ApiException.tooLarge("Request body of " + declared + " bytes exceeds the limit of " + max + " bytes.");
        }
        InputStream in = ctx.req().getInputStream();
        int initial = declared > 0 ? (int) declared : 1024;
        byte[] buf = new byte[initial];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length >= max) {
                    if (in.read() < 0) break;
                    throw ApiException.tooLarge("Request body exceeds the limit of " + max + " bytes.");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(max, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }
}
