package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.server.Http.Reply;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.server.auth.PasswordHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's HTTP side: the page, its assets, headers, refusals, and auth in front of it. */
class WebUiTest {
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");
    private static final Pattern PAGE_ASSET = Pattern.compile("(?:src|href)=\"static-files/([a-z0-9-]+\\.(?:js|css))\"");

    @TempDir Path dir;

    private static HttpResponse<String> ifNoneMatch(int port, String path, String etag) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("If-None-Match", etag).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** The Content-Type header without optional spaces. */
    private static String type(Reply r) {
        return r.raw().headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void servesThePageWithItsSecurityHeaders() {
        try (TestServer server = TestServer.start(dir, null)) {
            Reply page = new Http(server.port()).get("/");
            assertEquals(200, page.status(), page.toString());
            assertEquals("text/html;charset=utf-8", type(page));
            assertEquals(WebUi.CSP, page.raw().headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(page.body().contains("<script type=\"module\" src=\"static-files/app.js\">"), page.body());
        }
    }

    @Test
    void everyAssetThePageAndItsModulesReferenceIsServedWithItsType() {
        try (TestServer server = TestServer.start(dir, null)) {
            Http http = new Http(server.port());
            Deque<String> todo = new ArrayDeque<>();
            Matcher m = PAGE_ASSET.matcher(http.get("/").body());
            while (m.find()) todo.add(m.group(1));
            assertTrue(todo.containsAll(List.of("app.js", "style.css")), todo.toString());
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty() && seen.size() < 100) {
                String name = todo.pop();
                if (!seen.add(name)) continue;
                Reply r = http.get(WebUi.STATIC_PREFIX + name);
                assertEquals(200, r.status(), name + ": " + r);
                assertEquals(name.endsWith(".js") ? "text/javascript;charset=utf-8" : "text/css;charset=utf-8", type(r), name);
                assertEquals("no-cache", r.raw().headers().firstValue("Cache-Control").orElse(""), name);
                Matcher imports = IMPORT.matcher(r.body());
                while (imports.find()) todo.add(imports.group(1));
            }
            assertTrue(seen.containsAll(Set.of("api.js", "dom.js", "chart.js", "experiments.js", "compare.js", "run.js", "models.js",
                    "edit.js", "run-edit.js", "experiment-edit.js", "model-edit.js")),
                    seen.toString());
        }
    }

    @Test
    void anUnchangedAssetRevalidatesTo304WithoutABody() throws Exception {
        try (TestServer server = TestServer.start(dir, null)) {
            Http http = new Http(server.port());
            Reply first = http.get("/static-files/app.js");
            String etag = first.raw().headers().firstValue("ETag").orElseThrow();
            assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);
            HttpResponse<String> again = ifNoneMatch(server.port(), "/static-files/app.js", etag);
            assertEquals(304, again.statusCode());
            assertEquals("", again.body());
            HttpResponse<String> stale = ifNoneMatch(server.port(), "/static-files/app.js", "\"0000\"");
            assertEquals(200, stale.statusCode());
            assertEquals(first.body(), stale.body());
            assertTrue(!etag.equals(http.get("/static-files/dom.js").raw().headers().firstValue("ETag").orElseThrow()));
        }
    }

    @Test
    void unknownOrUnsafeAssetNamesAre404InMlflowsErrorFormat() {
        try (TestServer server = TestServer.start(dir, null)) {
            Http http = new Http(server.port());
            for (String path : List.of("/static-files/nope.js", "/static-files/index.html", "/static-files/App.JS",
                    "/static-files/.hidden.js", "/static-files/a.class", "/static-files/ui/app.js")) {
                Reply r = http.get(path);
                assertEquals(404, r.status(), path + ": " + r);
                assertEquals("ENDPOINT_NOT_FOUND", r.errorCode(), path);
            }
            // Encoded separators never reach the handler: Jetty refuses the ambiguous URI itself.
            Reply traversal = http.get("/static-files/..%2F..%2Fdb%2Fmigration%2FV1__init.sql");
            assertEquals(400, traversal.status(), traversal.toString());
            assertEquals("BAD_REQUEST", traversal.errorCode());
        }
    }

    @Test
    void theApiPathsTheUiUsesAreUnchanged() {
        try (TestServer server = TestServer.start(dir, null)) {
            Http http = new Http(server.port());
            Reply r = http.get("/ajax-api/2.0/mlflow/experiments/search?max_results=10");
            assertEquals(200, r.status(), r.toString());
            assertEquals("Default", r.json().at("/experiments/0/name").asText());
            assertEquals(200, http.get("/api/2.0/mlflow/experiments/search?max_results=10").status());
        }
    }

    @Test
    void withAuthThePageAndAssetsAskForBasicCredentials() throws Exception {
        Authenticator auth = Authenticator.parse(List.of("user viewer read " + PasswordHash.hashPassword("pw".toCharArray())));
        try (TestServer server = TestServer.start(dir, auth)) {
            Http anonymous = new Http(server.port());
            for (String path : List.of("/", "/static-files/app.js")) {
                Reply r = anonymous.get(path);
                assertEquals(401, r.status(), path);
                assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="), path);
            }
            Http viewer = anonymous.withAuthorization(TrackingServerAuthTest.AuthenticatorBasic.of("viewer", "pw"));
            assertEquals(200, viewer.get("/").status());
            assertEquals(200, viewer.get("/static-files/app.js").status());
        }
    }
}
