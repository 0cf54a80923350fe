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
 * Paths may hold {@code {name}} segments (MLflow 3's {@code traces/{trace_id}/tags}); their values
 * become request fields, taking precedence over fields of the same name in the query or body.
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

    /** An endpoint that reads the request and writes the response itself (files, non-JSON bodies). */
    @FunctionalInterface
    interface RawHandler {
        void handle(Context ctx, Map<String, String> pathValues) throws Exception;
    }

    private record Route(HandlerType type, Role needed, Handler handler, RawHandler raw) {}

    /** A route whose path has {@code {name}} segments, e.g. {@code 3.0/traces/{trace_id}/tags}. */
    private record PatternRoute(String method, String[] segments, Route route) {
        /** The path values when {@code path} matches, else null. */
        Map<String, String> match(String method, String[] parts) {
            if (!this.method.equals(method) || parts.length != segments.length) return null;
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                String seg = segments[i];
                if (seg.startsWith("{")) {
                    if (parts[i].isEmpty()) return null;
                    values.put(seg.substring(1, seg.length() - 1), decode(parts[i]));
                } else if (!seg.equals(parts[i])) {
                    return null;
                }
            }
            return values;
        }
    }

    /** A percent-encoded path segment as text (a tag key may hold '/' or spaces). */
    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Malformed path segment '" + segment + "'.");
        }
    }

    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PATCH, HandlerType.DELETE};

    private final Access access;
    private final long maxBodyBytes;
    // One wildcard route per prefix and method, then a hash lookup: cheaper per request than
    // letting the router try ~140 path patterns in turn.
    private final Map<String, Route> routes = new HashMap<>();
    // Paths with {name} segments, tried in registration order after the exact paths.
    private final java.util.List<PatternRoute> patterns = new java.util.ArrayList<>();

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
        if (route != null && route.raw() != null) {
            access.require(ctx, route.needed());
            route.raw().handle(ctx, Map.of());
            return;
        }
        if (route != null) {
            run(ctx, method, route.needed(), route.handler(), Map.of());
            return;
        }
        String[] parts = path.split("/", -1);
        for (PatternRoute p : patterns) {
            Map<String, String> values = p.match(method.name(), parts);
            if (values != null && p.route().raw() != null) {
                access.require(ctx, p.route().needed());
                p.route().raw().handle(ctx, values);
                return;
            }
            if (values != null) {
                run(ctx, method, p.route().needed(), p.route().handler(), values);
                return;
            }
        }
        throw ApiException.endpointNotFound("No endpoint " + method.name() + " " + ctx.path() + ".");
    }

    /**
     * The route key of an MLflow 3 path, served under {@code /api/3.0/mlflow/} (and the ajax
     * prefix): {@code r.get(ApiRoutes.v3("traces/search"), ...)}. Paths given without it are 2.0.
     */
    static String v3(String path) {
        return V3 + path;
    }

    /**
     * Runs the handler of a JSON endpoint in-process, without HTTP and without a permission check
     * (the caller has made one), and returns its response object: how the GraphQL endpoint
     * answers with exactly what the REST endpoint would.
     *
     * @param method "GET" or "POST"
     * @param path a route key as registered, e.g. {@code "runs/get"}
     * @param request the request fields, snake_case as on the wire
     * @return the response object, or null when there is no such endpoint
     */
    ObjectNode invoke(String method, String path, ObjectNode request) throws Exception {
        Route route = routes.get(method + " " + path);
        if (route == null || route.handler() == null) {
            return null;
        }
        JsonOut out = new JsonOut();
        route.handler().handle(Params.ofJson(request), out);
        return (ObjectNode) JsonBody.parseObject(out.finish());
    }

    /**
     * Every endpoint registered here as {@code "METHOD /api/<version>/mlflow/<path>"} (path
     * templates keep their {@code {name}} segments); each also answers under {@code /ajax-api/}.
     */
    java.util.Set<String> endpoints() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        routes.forEach((key, route) -> out.add(endpoint(route.type().name(), key.substring(key.indexOf(' ') + 1))));
        for (PatternRoute p : patterns) {
            out.add(endpoint(p.method(), String.join("/", p.segments())));
        }
        return out;
    }

    private static String endpoint(String method, String path) {
        return method + (path.startsWith(V3) ? " /api/3.0/mlflow/" + path.substring(V3.length()) : " /api/2.0/mlflow/" + path);
    }

    /** A read endpoint taking query parameters. */
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

    /**
     * A write endpoint that reads the request itself (query parameters and a body that is not
     * JSON, as {@code upload-artifact}) and writes its own response.
     */
    void postRaw(String path, io.javalin.http.Handler h) {
        put(HandlerType.POST, path, new Route(HandlerType.POST, Role.WRITE, null, (ctx, values) -> h.handle(ctx)));
    }

    /**
     * A read endpoint taking query parameters that writes its own response (a file download);
     * {@code {name}} path segments reach the handler as path values.
     */
    void getRaw(String path, RawHandler h) {
        Route route = new Route(HandlerType.GET, Role.READ, null, h);
        if (path.contains("{")) {
            patterns.add(new PatternRoute(HandlerType.GET.name(), path.split("/", -1), route));
        } else {
            put(HandlerType.GET, path, route);
        }
    }

    private void add(HandlerType type, String path, Role needed, Handler h) {
        if (path.contains("{")) {
            patterns.add(new PatternRoute(type.name(), path.split("/", -1), new Route(type, needed, h, null)));
            return;
        }
        put(type, path, new Route(type, needed, h, null));
    }

    private void put(HandlerType type, String path, Route route) {
        if (routes.put(type.name() + " " + path, route) != null) {
            throw new IllegalStateException("duplicate route " + type + " " + path);
        }
    }

    private void run(Context ctx, HandlerType type, Role needed, Handler h, Map<String, String> pathValues) throws Exception {
        access.require(ctx, needed);
        Params in = params(ctx, type).withPathValues(pathValues);
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
