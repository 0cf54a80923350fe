package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.browser.Browser;
import dev.jtrack.store.rest.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web UI's browser tests share: one headless Chromium and one real {@code jtrack server}
 * process per test class (started by the subclass's {@code @BeforeAll} through {@link #start}),
 * both stopped after the class, and a check after every test that the page logged no script error.
 */
abstract class BrowserTestBase {
    @TempDir static Path tmp;
    static ServerProcess server;
    static Http http;
    static Browser browser;

    /** Starts the browser, then a server on a fresh SQLite file {@code db} in the class's temp dir. */
    static void start(String db) throws Exception {
        browser = Browser.start();
        server = ServerProcess.start(tmp.resolve(db), tmp.resolve("artifacts"), ServerProcess.freePort(), List.of());
        http = new Http(port(server));
    }

    /** The port a server process listens on. */
    static int port(ServerProcess s) {
        return Integer.parseInt(s.uri().substring(s.uri().lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (server != null) server.close();
        }
    }

    @AfterEach
    void theBrowserReportedNoScriptErrors() {
        assertEquals(List.of(), browser.takeScriptErrors());
    }
}
