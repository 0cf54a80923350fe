package dev.jtrack.server;

import dev.jtrack.server.auth.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: {@code /} serves the single page, {@code /static-files/NAME} its scripts and styles.
 * The assets are plain files under {@code dev/jtrack/server/ui/} on the class path (no build step,
 * nothing from a CDN); they are read on first request, so they cost the server's start nothing.
 * The page talks to the server only through the {@code /ajax-api} REST paths, as MLflow's UI does.
 *
 * <p>Every asset goes out with {@code X-Content-Type-Options: nosniff}; the page also carries a
 * Content-Security-Policy that allows scripts, styles and connections to this origin only, so data
 * that ever slipped past the UI's escaping could still not run script.
 */
final class WebUi {
    /** Where the assets live on the class path. */
    static final String RESOURCE_DIR = "dev/jtrack/server/ui/";
    /** The URL prefix of the assets (the one MLflow's server uses for its UI files). */
    static final String STATIC_PREFIX = "/static-files/";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.(js|css|svg|html)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8");
    private static final Asset MISSING = new Asset(new byte[0], "");

    /** An asset's bytes and its entity tag (a digest of the bytes). */
    private record Asset(byte[] body, String etag) {}

    private final Access access;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    WebUi(Access access) {
        this.access = access;
    }

    /** Adds {@code GET /} and {@code GET /static-files/<name>} to the server. */
    void register(Javalin app) {
        app.get("/", this::page);
        app.get(STATIC_PREFIX + "<name>", ctx -> asset(ctx, ctx.pathParam("name")));
    }

    private void page(Context ctx) {
        access.require(ctx, Role.READ);
        ctx.header("Content-Security-Policy", CSP);
        send(ctx, "index.html");
    }

    private void asset(Context ctx, String name) {
        access.require(ctx, Role.READ);
        if (!ASSET_NAME.matcher(name).matches() || name.equals("index.html")) {
            throw ApiException.endpointNotFound("No UI file " + STATIC_PREFIX + name + ".");
        }
        send(ctx, name);
    }

    private void send(Context ctx, String name) {
        Asset asset = load(name);
        if (asset == MISSING) {
            throw ApiException.endpointNotFound("No UI file " + STATIC_PREFIX + name + ".");
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.header("X-Content-Type-Options", "nosniff");
        // Revalidate every time (a newer jar must never run against a cached older script); the
        // entity tag makes that a 304 without a body while the file is unchanged.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(TYPES.get(ext)).result(asset.body());
    }

    /** The asset, or {@link #MISSING}; read from the class path once. */
    private Asset load(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + n)) {
                if (in == null) return MISSING;
                byte[] body = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
                return new Asset(body, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        });
    }
}
