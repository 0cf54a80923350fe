package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The jtrack kernel in a real Notebook 7 in headless Chromium, tracking into a real {@code jtrack
 * server}: Run All, outputs, the session recorded under the notebook's cell ids and path, completion,
 * contextual help, kernel status, interrupt, stdin, restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Notebook7BrowserIT extends FrontEndTestBase {
    static final TestNotebook NOTEBOOK = new TestNotebook()
            .cell("text", "System.out.println(\"hello from java\");\n6 * 7")
            .cell("table", """
                    import tech.tablesaw.api.*;
                    Table people = Table.create("people", StringColumn.create("name", "Ada", "Grace"));
                    people""")
            .cell("chart", """
                    import org.knowm.xchart.*;
                    XYChart chart = new XYChartBuilder().width(300).height(200).title("loss").build();
                    chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});
                    chart""")
            .cell("display", "String id = display(\"first version\");\nupdateDisplay(id, \"second version\");")
            .cell("define", "String greeting = \"hello\";")
            .cell("error", "String nothing = null;\nnothing.length()")
            // after the failing cell, so Run All stops before these
            .cell("complete", "greeting.to")
            .cell("inspect", "greeting.substring")
            .cell("loop", "while (true) {}")
            .cell("after-loop", "\"after the loop: \" + greeting")
            .cell("stdin", "String typed = new java.util.Scanner(System.in).nextLine();\n\"you typed \" + typed")
            .cell("after-restart", "greeting");

    @BeforeAll
    static void startAll() throws Exception {
        startTracking("notebook7");
        start(JupyterServer.App.NOTEBOOK, "Notebook7BrowserIT", "/", Map.of("MLFLOW_TRACKING_URI", tracking.uri()));
        NOTEBOOK.write(notebooks.resolve("notebook7.ipynb"));
        page.open(jupyter.notebookUrl("notebook7.ipynb"), "notebook7");
    }

    /**
     * Notebook 7.6.5 throws this in its own bundle while loading any page, the file browser
     * ({@code /tree}) too, with no kernel running and no user settings: it is not the kernel's doing.
     */
    @Override
    boolean isKnownFrontEndNoise(String consoleMessage) {
        return consoleMessage.contains("/static/notebook/notebook_core.")
                && consoleMessage.endsWith("Uncaught TypeError: Cannot read properties of undefined (reading 'schema')");
    }

    @Test
    @Order(1)
    void runAllRunsUpToTheFailingCellAndShowsTheOutputs() {
        int error = NOTEBOOK.index("error");
        page.menu("Run", "Run All Cells");
        boolean sawBusy = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && !page.prompt(error).matches("\\[\\d+\\]:")) {
            sawBusy |= page.kernelStatus().equals("busy");
            sleep(100);
        }
        page.awaitExecuted(error, Duration.ofSeconds(10));
        assertTrue(sawBusy, "the kernel status indicator never showed busy");
        page.waitFor(Duration.ofSeconds(30), "the kernel to be idle", d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        page.screenshot("run-all");
        for (int i = 0; i <= error; i++) {
            assertTrue(page.prompt(i).matches("\\[\\d+\\]:"), "cell " + i + " ran: " + page.prompt(i));
        }
        assertEquals("[ ]:", page.prompt(NOTEBOOK.index("loop")), "Run All stops at the failing cell");
        assertTrue(page.outputText(NOTEBOOK.index("text")).contains("hello from java"));
        assertTrue(page.outputText(NOTEBOOK.index("text")).contains("42"));
        assertTrue(page.codeCell(NOTEBOOK.index("table")).findElement(By.cssSelector(".jp-RenderedHTMLCommon table")).getText().contains("Grace"));
        WebElement chart = page.codeCell(NOTEBOOK.index("chart")).findElement(By.cssSelector(".jp-RenderedImage img"));
        Object width = browser.driver.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : -1", chart);
        assertTrue(((Number) width).intValue() > 0, "the browser decoded the chart");
        String display = page.outputText(NOTEBOOK.index("display"));
        assertTrue(display.contains("second version") && !display.contains("first version"), display);
        String failure = page.outputText(error);
        assertTrue(failure.contains("NullPointerException") && failure.contains("nothing.length()"), failure);
        assertFalse(page.codeCell(error).findElements(By.cssSelector("[data-mime-type='application/vnd.jupyter.stderr']")).isEmpty());
    }

    @Test
    @Order(2)
    void theSessionIsTrackedWithNotebook7sCellIdsAndTheNotebookPath() throws Exception {
        JsonNode run = sessionRun("notebook7.ipynb");
        List<String> ranByRunAll = NOTEBOOK.ids().subList(0, NOTEBOOK.index("error") + 1);
        String cells = awaitArtifact(run.path("info").path("run_id").asText(), "session/cells.jsonl", ranByRunAll.size());
        assertEquals(ranByRunAll, recordedCellIds(cells), "every cell Run All ran recorded in order under Notebook 7's cell id");
    }

    @Test
    @Order(3)
    void completionPopupAndContextualHelp() {
        new InteractionChecks(browser, page, NOTEBOOK).completionPopupAndContextualHelp();
    }

    @Test
    @Order(4)
    void theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns() {
        new InteractionChecks(browser, page, NOTEBOOK).theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns();
    }

    @Test
    @Order(5)
    void stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped() {
        new InteractionChecks(browser, page, NOTEBOOK).stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped();
    }

    @Test
    @Order(6)
    void restartKernelGivesAFreshKernel() {
        new InteractionChecks(browser, page, NOTEBOOK).restartKernelGivesAFreshKernel();
    }
}
