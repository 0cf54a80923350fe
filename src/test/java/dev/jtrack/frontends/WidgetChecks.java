package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Java widgets in a real JupyterLab-based front end with ipywidgets 8 (jupyterlab_widgets from
 * PyPI) in headless Chromium, one subclass per front end: a slider moved with the keyboard changes the Java value and re-runs an
 * {@code interact} body whose output appears under it; a button click runs Java that changes the
 * button; after a page reload the widgets come back with their state from the kernel; after a
 * kernel restart they show as disconnected and the new kernel knows none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WidgetChecks extends FrontEndTestBase {
    static final TestNotebook NOTEBOOK = new TestNotebook()
            .cell("slider", """
                    var n = new IntSlider(3, 0, 10);
                    n.description("n");
                    interact(java.time.Duration.ZERO, () -> System.out.println("square=" + n.value() * n.value()), n)""")
            .cell("button", """
                    var clicks = new java.util.concurrent.atomic.AtomicInteger();
                    var b = new Button("Click me");
                    b.onClick(() -> b.description("clicked " + clicks.incrementAndGet()));
                    b""")
            .cell("check", "\"java sees n=\" + n.value() + \" clicks=\" + clicks.get()");

    /** Starts the front end {@code app} and writes the notebook. */
    static void startWith(JupyterServer.App app, String suite) throws Exception {
        start(app, suite, "/", Map.of());
        NOTEBOOK.write(notebooks.resolve("widgets.ipynb"));
    }

    /** The URL that opens widgets.ipynb in this front end. */
    abstract String notebookUrl();

    private WebElement widget(String cell, String css) {
        return page.waitFor(Duration.ofSeconds(60), css + " in cell " + cell,
                d -> page.codeCell(NOTEBOOK.index(cell)).findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    private String widgetOutput() {
        return page.codeCell(NOTEBOOK.index("slider")).findElements(By.cssSelector(".widget-output")).stream()
                .map(WebElement::getText).findFirst().orElse("");
    }

    /** The slider's value after the first move, as the page showed it. */
    static int moved;

    private String readout() {
        return page.codeCell(NOTEBOOK.index("slider")).findElements(By.cssSelector(".widget-readout")).stream()
                .map(e -> e.getText().trim()).findFirst().orElse("");
    }

    /** Drags the slider's handle {@code pixels} to the right, as a person does; returns the new value shown. */
    private int drag(WebElement handle, int pixels) {
        String before = readout();
        new Actions(browser.driver).clickAndHold(handle).moveByOffset(pixels / 2, 0).moveByOffset(pixels - pixels / 2, 0)
                .release().perform();
        String after = page.waitFor(Duration.ofSeconds(10), "the slider to move from " + before, d -> {
            String now = readout();
            return !now.isEmpty() && !now.equals(before) ? now : null;
        });
        return Integer.parseInt(after);
    }

    @Test
    @Order(1)
    void aMovedSliderRerunsJavaAndAClickRunsJava() {
        page.open(notebookUrl(), "widgets");
        page.menu("Run", "Run All Cells");
        page.awaitAllExecuted(Duration.ofSeconds(120));
        WebElement handle = widget("slider", ".widget-slider .noUi-handle");
        page.waitFor(Duration.ofSeconds(30), "the first interact output", d -> widgetOutput().contains("square=9") ? Boolean.TRUE : null);
        page.screenshot("widgets-shown");

        moved = drag(handle, 30);
        int value = moved;
        page.waitFor(Duration.ofSeconds(30), "the re-run's output", d -> widgetOutput().contains("square=" + value * value) ? Boolean.TRUE : null);
        assertTrue(!widgetOutput().contains("square=9"), "the re-run replaced the output: " + widgetOutput());

        widget("button", "button.widget-button").click();
        page.waitFor(Duration.ofSeconds(30), "the button changed by Java", d -> page.codeCell(NOTEBOOK.index("button"))
                .findElements(By.cssSelector("button.widget-button")).stream().anyMatch(e -> e.getText().contains("clicked 1")) ? Boolean.TRUE : null);
        page.screenshot("widgets-used");

        int check = NOTEBOOK.index("check");
        page.run(check);
        page.awaitOutput(check, "java sees n=" + moved + " clicks=1", Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void widgetsSurviveAPageReloadWithTheirStateFromTheKernel() {
        new Actions(browser.driver).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
        page.waitFor(Duration.ofSeconds(30), "the notebook to be saved",
                d -> page.notebook().findElements(By.cssSelector(".jp-mod-dirty")).isEmpty() ? Boolean.TRUE : null);
        sleep(500);
        browser.driver.navigate().refresh();
        page.waitFor(NotebookPage.KERNEL_TIMEOUT, "the reloaded notebook", d -> !d.findElements(By.cssSelector(".jp-Notebook .jp-Cell")).isEmpty()
                && page.kernelStatus().equals("idle"));
        page.waitFor(Duration.ofSeconds(60), "the slider restored at " + moved, d -> readout().equals(String.valueOf(moved)) ? Boolean.TRUE : null);
        page.waitFor(Duration.ofSeconds(30), "the restored output", d -> widgetOutput().contains("square=" + moved * moved) ? Boolean.TRUE : null);
        page.waitFor(Duration.ofSeconds(30), "the restored button", d -> page.codeCell(NOTEBOOK.index("button"))
                .findElements(By.cssSelector("button.widget-button")).stream().anyMatch(e -> e.getText().contains("clicked 1")) ? Boolean.TRUE : null);
        page.screenshot("widgets-after-reload");

        int again = drag(widget("slider", ".widget-slider .noUi-handle"), 30);
        page.waitFor(Duration.ofSeconds(30), "a re-run after the reload", d -> widgetOutput().contains("square=" + again * again) ? Boolean.TRUE : null);
    }

    @Test
    @Order(3)
    void aKernelRestartClosesTheWidgets() {
        page.menu("Kernel", "kernelmenu:restart");
        WebElement accept = page.waitFor(Duration.ofSeconds(10), "the restart dialog",
                d -> d.findElements(By.cssSelector(".jp-Dialog .jp-mod-accept")).stream().findFirst().orElse(null));
        accept.click();
        page.waitFor(NotebookPage.KERNEL_TIMEOUT, "the restarted kernel to be idle", d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        page.waitFor(Duration.ofSeconds(30), "JupyterLab to show both widgets as disconnected", d -> page.notebook()
                .findElements(By.cssSelector(".jupyter-widgets-disconnected")).size() >= 2 ? Boolean.TRUE : null);
        page.screenshot("widgets-after-restart");
        int check = NOTEBOOK.index("check");
        page.run(check);
        page.awaitOutput(check, "cannot find symbol", Duration.ofSeconds(60));
    }
}
