package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The jtrack kernel in a real Notebook 7 in headless Chromium: Run All, outputs, interrupt, stdin. */
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
            .cell("error", "String nothing = null;\nnothing.length()")
            .cell("loop", "while (true) {}")
            .cell("after-loop", "\"after the loop\"")
            .cell("stdin", "String typed = new java.util.Scanner(System.in).nextLine();\n\"you typed \" + typed");

    @BeforeAll
    static void startAll() throws Exception {
        start(JupyterServer.App.NOTEBOOK, "Notebook7BrowserIT", "/", Map.of());
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
        page.awaitExecuted(error, Duration.ofSeconds(180));
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
    void theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns() {
        int loop = NOTEBOOK.index("loop");
        page.run(loop);
        page.waitFor(Duration.ofSeconds(30), "the kernel to be busy", d -> page.kernelStatus().equals("busy") ? Boolean.TRUE : null);
        JupyterLabBrowserIT.sleep(1000);
        assertEquals("[*]:", page.prompt(loop));
        page.screenshot("endless-loop-busy");
        page.toolbar("notebook:interrupt-kernel");
        page.awaitExecuted(loop, Duration.ofSeconds(30));
        page.screenshot("loop-interrupted");
        page.run(NOTEBOOK.index("after-loop"));
        page.awaitOutput(NOTEBOOK.index("after-loop"), "after the loop", Duration.ofSeconds(60));
    }

    @Test
    @Order(3)
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
}
