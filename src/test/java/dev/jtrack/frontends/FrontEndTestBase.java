package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.browser.Browser;
import dev.jtrack.kernel.KernelHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the front-end browser suites share: per test class ONE jtrack kernelspec installed by the
 * real {@code java -jar jtrack.jar install --prefix} into a temporary Jupyter path, ONE Jupyter
 * server of the tools environment serving a temporary notebook directory, ONE headless Chromium;
 * and after every test, no script error on the page's console.
 */
abstract class FrontEndTestBase {
    @TempDir static Path tmp;
    static KernelHarness kernel;
    static JupyterServer jupyter;
    static Browser browser;
    static NotebookPage page;
    /** The directory the Jupyter server serves, where the notebooks are. */
    static Path notebooks;

    /** Installs the kernel, starts Jupyter {@code app} with {@code env} added, and the browser. */
    static void start(JupyterServer.App app, String suite, String basePath, Map<String, String> env) throws Exception {
        kernel = KernelHarness.install(Path.of(System.getProperty("java.home")), tmp.resolve("jupyter"), "jtrack", "--no-archive");
        notebooks = Files.createDirectories(tmp.resolve("notebooks"));
        Map<String, String> all = new HashMap<>(kernel.env());
        all.putAll(env);
        jupyter = JupyterServer.start(app, notebooks, basePath, all, Path.of("target", "screenshots", suite));
        browser = Browser.start();
        page = new NotebookPage(browser, suite);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (jupyter != null) jupyter.close();
        }
    }

    @AfterEach
    void thePageReportedNoScriptErrors() {
        List<String> errors = browser.takeScriptErrors().stream().filter(e -> !isKnownFrontEndNoise(e)).toList();
        assertEquals(List.of(), errors, "script errors on the page; Jupyter's log:\n" + tail(jupyter.logText()));
    }

    /**
     * A console error the front end logs by itself, whatever the kernel does; each suite names its
     * own, exactly, with the reason. None by default.
     */
    boolean isKnownFrontEndNoise(String consoleMessage) {
        return false;
    }

    static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
