package dev.jtrack.autolog;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a person's browser finds the tracking server's web UI. The kernel cannot see the browser's
 * URL; on JupyterHub and Binder the browser cannot reach the kernel's {@code 127.0.0.1} either, but
 * jupyter-server-proxy forwards {@code <hub prefix>proxy/<port>/} to it. So, in this order: a server
 * on this machine under JupyterHub ({@code JUPYTERHUB_SERVICE_PREFIX} set) is reached at
 * {@code JUPYTERHUB_SERVICE_PREFIX + "proxy/<port>/"} (a path on the notebook server's own host);
 * else {@code JTRACK_UI_URL} when set; else the tracking server's own URL.
 */
final class TrackingUiUrl {
    static final String HUB_PREFIX = "JUPYTERHUB_SERVICE_PREFIX";
    static final String UI_URL = "JTRACK_UI_URL";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private TrackingUiUrl() {}

    /**
     * The UI's base URL, ending in {@code /}, for a REST tracking URI ({@code http(s)://host:port/...})
     * given the kernel's environment.
     */
    static String of(String trackingUri, Map<String, String> env) {
        URI server = URI.create(trackingUri.trim());
        String prefix = env.get(HUB_PREFIX);
        String host = server.getHost() == null ? "" : server.getHost().toLowerCase(Locale.ROOT);
        if (present(prefix) && LOOPBACK.contains(host)) {
            int port = server.getPort() != -1 ? server.getPort() : "https".equalsIgnoreCase(server.getScheme()) ? 443 : 80;
            return withSlash(prefix.startsWith("/") ? prefix : "/" + prefix) + "proxy/" + port + withSlash(path(server));
        }
        String configured = env.get(UI_URL);
        if (present(configured)) {
            return withSlash(configured.trim());
        }
        return withSlash(trackingUri.trim());
    }

    /** The page of one run in the UI. */
    static String runPage(String trackingUri, Map<String, String> env, String experimentId, String runId) {
        return of(trackingUri, env) + "#/experiments/" + experimentId + "/runs/" + runId;
    }

    private static String path(URI server) {
        String p = server.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String withSlash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }
}
