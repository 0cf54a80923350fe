package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The jtrack kernel in a real JupyterLab 4 in headless Chromium, checked through the page as a
 * person sees it. The Jupyter server runs under a JupyterHub-like base URL with
 * {@code JUPYTERHUB_SERVICE_PREFIX} set, kernels track into a real {@code jtrack server}, and
 * jupyter-server-proxy is configured by the file Binder ships ({@code binder/jupyter-config}), so
 * the tracking UI is opened the way a Binder user opens it: under the notebook server's URL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JupyterLabBrowserIT extends FrontEndTestBase {
    private static final String BASE = "/user/tester/";
    private static final Duration RUN_ALL_TIMEOUT = Duration.ofSeconds(180);

    static final TestNotebook OUTPUTS = new TestNotebook()
            .cell("text", "System.out.println(\"hello from java\");\n6 * 7")
            .cell("table", """
                    import tech.tablesaw.api.*;
                    Table people = Table.create("people",
                        StringColumn.create("name", "Ada", "Grace"),
                        IntColumn.create("born", 1815, 1906));
                    people""")
            .cell("chart", """
                    import org.knowm.xchart.*;
                    XYChart chart = new XYChartBuilder().width(300).height(200).title("loss").build();
                    chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});
                    chart""")
            .cell("display", "String id = display(\"first version\");\nupdateDisplay(id, \"second version\");")
            .cell("clear", "System.out.println(\"before clearing\");\nclearOutput();\nSystem.out.println(\"after clearing\");")
            .cell("runs", """
                    import dev.jtrack.notebook.*;
                    for (double lr : new double[] {0.1, 0.3}) {
                        try (ActiveRun run = Tracking.startRun("lr-" + lr)) {
                            run.logParam("lr", lr);
                            for (int step = 0; step < 5; step++) run.logMetric("loss", 1.0 / (1 + lr * step), step);
                        }
                    }""")
            .cell("compare", "%compare --last 2 --metrics loss")
            .cell("plot", "%plot loss")
            .cell("live", """
                    %%live loss --every 150
                    try (ActiveRun run = Tracking.startRun("live")) {
                        double loss = 1.0;
                        for (int step = 0; step < 40; step++) {
                            loss *= 0.93;
                            run.logMetric("loss", loss, step);
                            Thread.sleep(50);
                        }
                    }""")
            .cell("run-info", "%run_info")
            .cell("error", "int[] numbers = {1, 2, 3};\nint total = 0;\ntotal += numbers[3];");

    static final TestNotebook INTERACTIVE = new TestNotebook()
            .cell("define", "String greeting = \"hello\";")
            .cell("complete", "greeting.to")
            .cell("inspect", "greeting.substring")
            .cell("loop", "while (true) {}")
            .cell("after-loop", "\"after the loop: \" + greeting")
            .cell("stdin", "String typed = new java.util.Scanner(System.in).nextLine();\n\"you typed \" + typed")
            .cell("after-restart", "greeting");

    @BeforeAll
    static void startAll() throws Exception {
        startTracking("lab");
        start(JupyterServer.App.LAB, "JupyterLabBrowserIT", BASE, Map.of(
                "MLFLOW_TRACKING_URI", tracking.uri(),
                // As on JupyterHub/Binder: the kernel inherits the hub's prefix and links to the proxy.
                "JUPYTERHUB_SERVICE_PREFIX", BASE,
                "JTRACK_PORT", String.valueOf(trackingPort()),
                "JUPYTER_CONFIG_PATH", Path.of("binder", "jupyter-config").toAbsolutePath().toString()));
        OUTPUTS.write(notebooks.resolve("outputs.ipynb"));
        INTERACTIVE.write(notebooks.resolve("interactive.ipynb"));
    }

    static String labUrl(String notebook) {
        // a fresh workspace per notebook, so only that notebook is open
        return jupyter.url("lab/workspaces/" + notebook.replace(".ipynb", "") + "/tree/" + notebook + "?reset&token=" + jupyter.token);
    }

    @Test
    @Order(1)
    void runAllShowsEveryKindOfOutput() {
        page.open(labUrl("outputs.ipynb"), "outputs");
        int live = OUTPUTS.index("live");
        page.menu("Run", "Run All Cells");
        // %%live redraws one display in place: while the cell runs its output holds one chart whose image changes
        Set<Integer> liveImages = new HashSet<>();
        int mostCharts = 0;
        long deadline = System.nanoTime() + RUN_ALL_TIMEOUT.toNanos();
        boolean sawBusy = false;
        while (System.nanoTime() < deadline && !page.prompt(OUTPUTS.index("error")).matches("\\[\\d+\\]:")) {
            sawBusy |= page.kernelStatus().equals("busy");
            // read in one script: the redraw replaces the <img> element between two WebDriver calls
            @SuppressWarnings("unchecked")
            List<String> charts = (List<String>) browser.driver.executeScript(
                    "return Array.from(arguments[0].querySelectorAll('.jp-RenderedImage img')).map(i => i.src)", page.codeCell(live));
            mostCharts = Math.max(mostCharts, charts.size());
            charts.forEach(src -> liveImages.add(src.hashCode()));
            sleep(100);
        }
        page.awaitAllExecuted(Duration.ofSeconds(30));
        page.screenshot("outputs-run-all");
        assertTrue(sawBusy, "the kernel status indicator never showed busy");

        assertTrue(page.outputText(OUTPUTS.index("text")).contains("hello from java"), page.outputText(0));
        assertTrue(page.outputText(OUTPUTS.index("text")).contains("42"), page.outputText(0));

        List<WebElement> tables = page.codeCell(OUTPUTS.index("table")).findElements(By.cssSelector(".jp-RenderedHTMLCommon table"));
        assertEquals(1, tables.size(), "the Tablesaw table is shown as an HTML table");
        assertTrue(tables.get(0).getText().contains("Grace"), tables.get(0).getText());

        assertShownImage(OUTPUTS.index("chart"));

        String display = page.outputText(OUTPUTS.index("display"));
        assertTrue(display.contains("second version") && !display.contains("first version"), display);
        String cleared = page.outputText(OUTPUTS.index("clear"));
        assertTrue(cleared.contains("after clearing") && !cleared.contains("before clearing"), cleared);

        int compare = OUTPUTS.index("compare");
        assertFalse(page.codeCell(compare).findElements(By.cssSelector(".jp-RenderedHTMLCommon table")).isEmpty(),
                "%compare shows a table: " + page.outputText(compare));
        assertShownImage(compare);
        assertShownImage(OUTPUTS.index("plot"));

        assertEquals(1, mostCharts, "%%live keeps one chart");
        assertEquals(1, images(live).size());
        assertTrue(liveImages.size() >= 2, "%%live redrew its chart in place; images seen: " + liveImages.size());

        String error = page.outputText(OUTPUTS.index("error"));
        assertTrue(error.contains("ArrayIndexOutOfBoundsException"), error);
        assertTrue(error.contains("total += numbers[3]"), "the error shows the user's line: " + error);
        assertFalse(page.codeCell(OUTPUTS.index("error")).findElements(By.cssSelector("[data-mime-type='application/vnd.jupyter.stderr']")).isEmpty(),
                "the error is shown as an error");
    }

    @Test
    @Order(2)
    void theSessionIsTrackedWithJupyterLabsCellIdsAndTheNotebookPath() throws Exception {
        JsonNode run = sessionRun("outputs.ipynb");
        String cells = awaitArtifact(run.path("info").path("run_id").asText(), "session/cells.jsonl", OUTPUTS.ids().size());
        assertEquals(OUTPUTS.ids(), recordedCellIds(cells), "every cell recorded in order under JupyterLab's cell id");
    }

    @Test
    @Order(3)
    void theTrackingUiOpensThroughTheNotebookServersProxyFromTheRunInfoLink() throws Exception {
        String info = page.outputText(OUTPUTS.index("run-info"));
        Matcher link = Pattern.compile("run page: (" + Pattern.quote(BASE + "proxy/" + trackingPort() + "/") + "\\S+)").matcher(info);
        assertTrue(link.find(), "%run_info links through the notebook server's proxy: " + info);
        String runId = sessionRun("outputs.ipynb").path("info").path("run_id").asText();
        assertTrue(link.group(1).endsWith("/runs/" + runId), link.group(1));

        browser.driver.get(jupyter.origin() + link.group(1));
        page.waitFor(Duration.ofSeconds(30), "the run's page in the tracking UI",
                d -> d.findElement(By.tagName("body")).getText().contains(runId) ? Boolean.TRUE : null);
        String shown = browser.driver.findElement(By.tagName("body")).getText();
        assertTrue(shown.contains("outputs.ipynb"), "the run page shows the notebook as its source: " + shown);
        page.screenshot("tracking-ui-through-proxy");

        browser.driver.get(jupyter.url("lab/workspaces/launcher?reset&token=" + jupyter.token));
        // jupyter-server-proxy's tile: "jtrack" and a mark that it opens in a new browser tab
        WebElement tile = page.waitFor(Duration.ofSeconds(60), "the jtrack launcher tile",
                d -> d.findElements(By.cssSelector(".jp-LauncherCard")).stream()
                        .filter(c -> c.getText().trim().matches("jtrack( \\[.\\])?")).findFirst().orElse(null));
        page.screenshot("launcher-with-jtrack-tile");
        page.waitFor(Duration.ofSeconds(20), "the tile's icon (binder/jupyter-config/jtrack.svg)", d -> ((Number) browser.driver.executeScript(
                "const i = arguments[0].querySelector('img'); return i && i.complete ? i.naturalWidth : 0", tile)).intValue() > 0 ? Boolean.TRUE : null);
        String launcher = browser.driver.getWindowHandle();
        tile.click();
        String opened = page.waitFor(Duration.ofSeconds(20), "the tile to open the UI in a new tab",
                d -> d.getWindowHandles().stream().filter(h -> !h.equals(launcher)).findFirst().orElse(null));
        browser.driver.switchTo().window(opened);
        try {
            page.waitFor(Duration.ofSeconds(30), "the tracking UI's experiment list",
                    d -> d.findElement(By.tagName("body")).getText().contains("outputs") ? Boolean.TRUE : null);
            assertTrue(browser.driver.getCurrentUrl().startsWith(jupyter.url("jtrack/")), browser.driver.getCurrentUrl());
            page.screenshot("tracking-ui-from-the-launcher");
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(launcher);
        }
    }

    @Test
    @Order(4)
    void completionPopupContextualHelpAndKernelStatus() {
        page.open(labUrl("interactive.ipynb"), "interactive");
        new InteractionChecks(browser, page, INTERACTIVE).completionPopupAndContextualHelp();
    }

    @Test
    @Order(5)
    void theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns() {
        new InteractionChecks(browser, page, INTERACTIVE).theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns();
    }

    @Test
    @Order(6)
    void stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped() {
        new InteractionChecks(browser, page, INTERACTIVE).stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped();
    }

    @Test
    @Order(7)
    void restartKernelGivesAFreshKernel() {
        new InteractionChecks(browser, page, INTERACTIVE).restartKernelGivesAFreshKernel();
    }

    private static List<WebElement> images(int cell) {
        return page.codeCell(cell).findElements(By.cssSelector(".jp-RenderedImage img"));
    }

    private static void assertShownImage(int cell) {
        List<WebElement> shown = page.codeCell(cell).findElements(By.cssSelector(".jp-RenderedImage img, .jp-RenderedSVG svg"));
        assertFalse(shown.isEmpty(), "cell " + OUTPUTS.ids().get(cell) + " shows a chart: " + page.outputText(cell));
        for (WebElement e : shown) {
            if (e.getTagName().equals("img")) {
                Object width = browser.driver.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : -1", e);
                assertTrue(((Number) width).intValue() > 0, "the browser decoded the chart of " + OUTPUTS.ids().get(cell));
            }
        }
    }
}
