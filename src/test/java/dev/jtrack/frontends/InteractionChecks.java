package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.browser.Browser;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What a person does with the kernel in any JupyterLab-based front end (JupyterLab 4, Notebook 7),
 * checked through the page: completion and contextual help, the stop button, stdin, restart. The
 * notebook has the cells {@code define} ({@code greeting}), {@code complete}, {@code inspect},
 * {@code loop}, {@code after-loop}, {@code stdin} and {@code after-restart}.
 */
final class InteractionChecks {
    private final Browser browser;
    private final NotebookPage page;
    private final TestNotebook notebook;

    InteractionChecks(Browser browser, NotebookPage page, TestNotebook notebook) {
        this.browser = browser;
        this.page = page;
        this.notebook = notebook;
    }

    void completionPopupAndContextualHelp() {
        page.run(notebook.index("define"));
        page.awaitExecuted(notebook.index("define"), Duration.ofSeconds(60));

        page.editAtEndReadyToComplete(notebook.index("complete"));
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        WebElement completer = page.waitFor(Duration.ofSeconds(30), "the completion popup",
                d -> d.findElements(By.cssSelector(".jp-Completer")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        List<String> entries = completer.findElements(By.cssSelector(".jp-Completer-item .jp-Completer-match")).stream()
                .map(WebElement::getText).toList();
        page.screenshot("completion-popup");
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("toUpperCase")), "entries: " + entries);
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("toLowerCase")), "entries: " + entries);
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();

        page.editAtEndReadyToComplete(notebook.index("inspect"));
        new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        WebElement tooltip = page.waitFor(Duration.ofSeconds(30), "the contextual help tooltip",
                d -> d.findElements(By.cssSelector(".jp-Tooltip")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        page.screenshot("contextual-help");
        assertTrue(tooltip.getText().contains("substring(int"), "the tooltip shows the signature: " + tooltip.getText());
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    }

    void theStopButtonInterruptsAnEndlessLoopAndTheNextCellRuns() {
        int loop = notebook.index("loop");
        page.run(loop);
        page.waitFor(Duration.ofSeconds(30), "the kernel to be busy", d -> page.kernelStatus().equals("busy") ? Boolean.TRUE : null);
        FrontEndTestBase.sleep(1000);
        assertEquals("[*]:", page.prompt(loop), "the loop still runs");
        page.screenshot("endless-loop-busy");
        page.toolbar("notebook:interrupt-kernel");
        page.awaitExecuted(loop, Duration.ofSeconds(30));
        page.waitFor(Duration.ofSeconds(30), "the kernel to be idle", d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        page.screenshot("loop-interrupted");
        page.run(notebook.index("after-loop"));
        page.awaitOutput(notebook.index("after-loop"), "after the loop: hello", Duration.ofSeconds(60));
    }

    void stdinShowsAnInputBoxAndTheCellGetsWhatIsTyped() {
        int stdin = notebook.index("stdin");
        page.run(stdin);
        WebElement box = page.waitFor(Duration.ofSeconds(60), "the input box",
                d -> d.findElements(By.cssSelector(".jp-Stdin-input")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        page.screenshot("stdin-input-box");
        box.sendKeys("forty-two", Keys.ENTER);
        page.awaitOutput(stdin, "you typed forty-two", Duration.ofSeconds(60));
        page.screenshot("stdin-answered");
    }

    void restartKernelGivesAFreshKernel() {
        page.menu("Kernel", "kernelmenu:restart");
        WebElement accept = page.waitFor(Duration.ofSeconds(10), "the restart dialog",
                d -> d.findElements(By.cssSelector(".jp-Dialog .jp-mod-accept")).stream().findFirst().orElse(null));
        page.screenshot("restart-dialog");
        accept.click();
        page.waitFor(Duration.ofSeconds(10), "the dialog to close", d -> d.findElements(By.cssSelector(".jp-Dialog")).isEmpty() ? Boolean.TRUE : null);
        page.waitFor(NotebookPage.KERNEL_TIMEOUT, "the restarted kernel to be idle",
                d -> page.kernelStatus().equals("idle") ? Boolean.TRUE : null);
        int after = notebook.index("after-restart");
        page.run(after);
        page.awaitExecuted(after, Duration.ofSeconds(60));
        page.screenshot("after-restart");
        assertTrue(page.outputText(after).contains("cannot find symbol"), "the restarted kernel forgot greeting: " + page.outputText(after));
        page.run(notebook.index("define"));
        page.run(after);
        page.awaitOutput(after, "hello", Duration.ofSeconds(60));
    }
}
