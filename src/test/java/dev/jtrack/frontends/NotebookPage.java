package dev.jtrack.frontends;

import dev.jtrack.browser.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A notebook open in JupyterLab 4 or Notebook 7 (both are built from the same Lumino widgets, so
 * the same selectors fit), driven as a person does: menus, toolbar buttons, keys, what is on the
 * screen. Every wait is bounded; a screenshot of each step goes to {@code target/screenshots/<suite>/}.
 */
final class NotebookPage {
    private static final Pattern EXECUTED = Pattern.compile("\\[\\d+\\]:");
    static final Duration KERNEL_TIMEOUT = Duration.ofSeconds(120);

    final Browser browser;
    private final Path screenshots;
    private int step;

    NotebookPage(Browser browser, String suite) {
        this.browser = browser;
        this.screenshots = Path.of("target", "screenshots", suite);
    }

    WebDriver driver() {
        return browser.driver;
    }

    /** Opens {@code url} and waits until the notebook shows and its kernel is idle. */
    void open(String url, String name) {
        driver().get(url);
        waitFor(KERNEL_TIMEOUT, "the notebook and an idle jtrack kernel", d -> !d.findElements(By.cssSelector(".jp-Notebook .jp-Cell")).isEmpty()
                && kernelStatus().equals("idle") && d.findElement(By.tagName("body")).getText().contains("Java (jtrack)"));
        screenshot(name + "-opened");
    }

    /** The visible notebook (JupyterLab keeps hidden ones in the DOM). */
    WebElement notebook() {
        return driver().findElements(By.cssSelector(".jp-NotebookPanel")).stream().filter(WebElement::isDisplayed)
                .findFirst().orElseThrow(() -> new AssertionError("no notebook on the page"));
    }

    List<WebElement> codeCells() {
        return notebook().findElements(By.cssSelector(".jp-Notebook .jp-CodeCell"));
    }

    WebElement codeCell(int index) {
        return codeCells().get(index);
    }

    /** What the kernel status indicator in the notebook's toolbar says: idle, busy, ... */
    String kernelStatus() {
        List<WebElement> indicator = driver().findElements(By.cssSelector(".jp-Notebook-ExecutionIndicator"));
        return indicator.isEmpty() ? "" : String.valueOf(indicator.get(0).getAttribute("data-status"));
    }

    /** Clicks a menu of the menu bar, then its item labelled {@code label} (or running that command id), as a person does. */
    void menu(String title, String label) {
        WebElement bar = driver().findElements(By.cssSelector(".lm-MenuBar-item")).stream()
                .filter(e -> e.getText().trim().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no menu " + title));
        bar.click();
        WebElement item = waitFor(Duration.ofSeconds(10), "menu item " + label,
                d -> d.findElements(By.cssSelector(".lm-Menu-item")).stream()
                        .filter(e -> e.isDisplayed() && (label.equals(e.getAttribute("data-command"))
                                || e.findElements(By.cssSelector(".lm-Menu-itemLabel")).stream()
                                        .anyMatch(l -> l.getText().trim().equals(label))))
                        .findFirst().orElse(null));
        item.click();
    }

    /** Clicks the notebook toolbar's button for {@code command}. */
    void toolbar(String command) {
        notebook().findElement(By.cssSelector(".jp-Toolbar [data-command='" + command + "']")).click();
    }

    /** Puts the cursor at the end of cell {@code index}'s editor (edit mode). */
    void editAtEnd(int index) {
        WebElement editor = codeCell(index).findElement(By.cssSelector(".cm-content"));
        editor.click();
        new Actions(driver()).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL).perform();
    }

    /**
     * Puts the cursor at the end of cell {@code index} and waits until JupyterLab has enabled the
     * completer there (it updates that after the cursor moves; Tab before that indents instead).
     */
    void editAtEndReadyToComplete(int index) {
        editAtEnd(index);
        waitFor(Duration.ofSeconds(10), "the completer to be enabled in cell " + index,
                d -> !codeCell(index).findElements(By.cssSelector(".jp-mod-completer-enabled:not(.jp-mod-at-line-beginning)")).isEmpty()
                        && notebook().findElements(By.cssSelector(".jp-Notebook.jp-mod-editMode")).size() == 1 ? Boolean.TRUE : null);
    }

    /** Runs cell {@code index} with Shift+Enter. */
    void run(int index) {
        editAtEnd(index);
        new Actions(driver()).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    }

    /** Waits until cell {@code index} shows an execution count ({@code [n]:}, not {@code [*]:}). */
    void awaitExecuted(int index, Duration timeout) {
        waitFor(timeout, "cell " + index + " to finish",
                d -> EXECUTED.matcher(prompt(index)).matches() ? Boolean.TRUE : null);
    }

    String prompt(int index) {
        return codeCell(index).findElement(By.cssSelector(".jp-InputPrompt")).getText().trim();
    }

    /** Waits until every code cell shows an execution count and the kernel is idle again. */
    void awaitAllExecuted(Duration timeout) {
        waitFor(timeout, "every cell to run", d -> {
            for (int i = 0; i < codeCells().size(); i++) {
                if (!EXECUTED.matcher(prompt(i)).matches()) {
                    return null;
                }
            }
            return kernelStatus().equals("idle") ? Boolean.TRUE : null;
        });
    }

    /** The output area entries of cell {@code index}. */
    List<WebElement> outputs(int index) {
        return codeCell(index).findElements(By.cssSelector(".jp-OutputArea-output"));
    }

    /** The text of cell {@code index}'s output area as shown. */
    String outputText(int index) {
        List<WebElement> area = codeCell(index).findElements(By.cssSelector(".jp-OutputArea"));
        return area.isEmpty() ? "" : area.get(0).getText();
    }

    /** Waits until cell {@code index}'s output shows {@code text}. */
    void awaitOutput(int index, String text, Duration timeout) {
        waitFor(timeout, "cell " + index + " to show '" + text + "'", d -> outputText(index).contains(text) ? Boolean.TRUE : null);
    }

    <T> T waitFor(Duration timeout, String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver(), timeout, Duration.ofMillis(100)).withMessage("waiting for " + what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(IndexOutOfBoundsException.class)
                    .until(condition::apply);
        } catch (RuntimeException e) {
            screenshot("FAILED-waiting");
            throw e;
        }
    }

    /** Saves a screenshot as {@code target/screenshots/<suite>/<nn>-<name>.png}. */
    void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(String.format("%02d-%s.png", ++step, name)),
                    browser.driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
