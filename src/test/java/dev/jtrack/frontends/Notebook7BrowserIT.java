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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

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
        page.run(NOTEBOOK.index("define"));
        page.awaitExecuted(NOTEBOOK.index("define"), Duration.ofSeconds(60));

        page.editAtEndReadyToComplete(NOTEBOOK.index("complete"));
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        WebElement completer = page.waitFor(Duration.ofSeconds(30), "the completion popup",
                d -> d.findElements(By.cssSelector(".jp-Completer")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        List<String> entries = completer.findElements(By.cssSelector(".jp-Completer-item .jp-Completer-match")).stream()
                .map(WebElement::getText).toList();
        page.screenshot("completion-popup");
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("toUpperCase")), "entries: " + entries);
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("toLowerCase")), "entries: " + entries);
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();

        page.editAtEndReadyToComplete(NOTEBOOK.index("inspect"));
        new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        WebElement tooltip = page.waitFor(Duration.ofSeconds(30), "the contextual help tooltip",
                d -> d.findElements(By.cssSelector(".jp-Tooltip")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        page.screenshot("contextual-help");
        assertTrue(tooltip.getText().contains("substring(int"), "the tooltip shows the signature: " + tooltip.getText());
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    }

    @Test
    @Order(4)
    void theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns() {
        int loop = NOTEBOOK.index("loop");
        page.run(loop);
        page.waitFor(Duration.ofSeconds(30), "the kernel to be busy", d -> page.kernelStatus().equals("busy") ? Boolean.TRUE : null);
        sleep(1000);
        assertEquals("[*]:", page.prompt(loop));
        page.screenshot("endless-loop-busy");
        page.toolbar("notebook:interrupt-kernel");
        page.awaitExecuted(loop, Duration.ofSeconds(30));
        page.screenshot("loop-interrupted");
        page.waitFor(Duration.ofSeconds(30), "the kernel to be idle", d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        page.run(NOTEBOOK.index("after-loop"));
        page.awaitOutput(NOTEBOOK.index("after-loop"), "after the loop: hello", Duration.ofSeconds(60));
    }

    @Test
    @Order(5)
    void stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped() {
        int stdin = NOTEBOOK.index("stdin");
        page.run(stdin);
        WebElement box = page.waitFor(Duration.ofSeconds(60), "the input box",
                d -> d.findElements(By.cssSelector(".jp-Stdin-input")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        page.screenshot("stdin-input-box");
        box.sendKeys("forty-two", Keys.ENTER);
        page.awaitOutput(stdin, "you typed forty-two", Duration.ofSeconds(60));
        page.screenshot("stdin-answered");
    }

    @Test
    @Order(6)
    void restartKernelGivesAFreshKernel() {
        page.menu("Kernel", "kernelmenu:restart");
        WebElement accept = page.waitFor(Duration.ofSeconds(10), "the restart dialog",
                d -> d.findElements(By.cssSelector(".jp-Dialog .jp-mod-accept")).stream().findFirst().orElse(null));
        page.screenshot("restart-dialog");
        accept.click();
        page.waitFor(Duration.ofSeconds(10), "the dialog to close", d -> d.findElements(By.cssSelector(".jp-Dialog")).isEmpty() ? Boolean.TRUE : null);
        page.waitFor(NotebookPage.KERNEL_TIMEOUT, "the restarted kernel to be idle",
                d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        int after = NOTEBOOK.index("after-restart");
        page.run(after);
        page.awaitExecuted(after, Duration.ofSeconds(60));
        page.screenshot("after-restart");
        assertTrue(page.outputText(after).contains("cannot find symbol"), "the restarted kernel forgot greeting: " + page.outputText(after));
        page.run(NOTEBOOK.index("define"));
        page.run(after);
        page.awaitOutput(after, "hello", Duration.ofSeconds(60));
    }
}
