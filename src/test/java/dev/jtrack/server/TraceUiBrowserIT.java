package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The traces views in a real headless Chromium against the real jar: traces go in over OTLP and
 * MLflow's 3.0 API, the checks read the experiment's trace list (with its filter box) and one
 * trace's span tree (nesting, inputs, outputs, timings, the error of a failed span).
 */
class TraceUiBrowserIT extends BrowserTestBase {
    static final String XSS = "<img src=x onerror=\"window.__xss=1\">";
    static final String FAILED = "tr-5b8efff798038103d269b633813fc60c";
    static final String PASSED = "tr-0af7651916cd43dd8448eb211c80319c";
    static String expId;

    @BeforeAll
    static void startServerAndFillIt() throws Exception {
        start("traces-ui.db");
        expId = WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"trace-demo\"}")).path("experiment_id").asText();
        long t = 1_700_000_000_000_000_000L;
        String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", null, "pipeline", t, t + 900_000_000L, 2,
                        "{\"key\":\"mlflow.spanInputs\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"question\",\"value\":{\"stringValue\":\"why?\"}}]}}},"
                        + "{\"key\":\"mlflow.spanType\",\"value\":{\"stringValue\":\"CHAIN\"}}", "")
                + "," + span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b175", "eee19b7ec3c1b174", XSS.replace("\"", "\\\""),
                        t + 100_000_000L, t + 400_000_000L, 2,
                        "{\"key\":\"mlflow.spanOutputs\",\"value\":{\"stringValue\":\"{\\\"answer\\\": 42}\"}}",
                        ",\"events\":[{\"name\":\"exception\",\"timeUnixNano\":\"" + (t + 400_000_000L) + "\",\"attributes\":["
                        + "{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"model timed out\"}}]}]")
                + "," + span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "lookup", t + 2_000_000_000L,
                        t + 2_050_000_000L, 1, "{\"key\":\"top_k\",\"value\":{\"intValue\":\"3\"}}", "")
                + "]}]}]}";
        Http.Reply r = http.sendWithHeaders("POST", "/v1/traces", spans.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "X-MLflow-Experiment-Id", expId);
        assertEquals(200, r.status(), r.toString());
        WebUiBrowserIT.ok(http.send("PATCH", "/api/2.0/mlflow/traces/" + PASSED + "/tags", "{\"key\":\"env\",\"value\":\"prod\"}"));
        WebUiBrowserIT.ok(http.post("/api/3.0/mlflow/traces/" + PASSED + "/assessments", "{\"assessment\":{\"assessment_name\":\"helpful\","
                + "\"source\":{\"source_type\":\"HUMAN\",\"source_id\":\"ann\"},\"feedback\":{\"value\":true},\"rationale\":\"short and right\"}}"));
    }

    static String span(String trace, String id, String parent, String name, long start, long end, int status, String attrs, String more) {
        return "{\"traceId\":\"" + trace + "\",\"spanId\":\"" + id + "\"" + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
                + ",\"name\":\"" + name + "\",\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + end + "\","
                + "\"status\":{\"code\":" + status + "},\"attributes\":[" + attrs + "]" + more + "}";
    }

    static void open(String hash, By readyWhen) {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/" + hash);
        waitFor(readyWhen);
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    static List<String> traceIds() {
        return browser.driver.findElements(By.cssSelector("#traces-table a.trace-link")).stream().map(WebElement::getText).toList();
    }

    @Test
    void theRunsPageLinksToTheTracesWhichAFilterNarrowsAndABadFilterExplains() {
        open("#/experiments/" + expId, By.id("traces-link"));
        browser.driver.findElement(By.id("traces-link")).click();
        waitFor(By.cssSelector("#traces-table tbody tr"));
        assertEquals(List.of(PASSED, FAILED), traceIds(), "newest first");
        String row = browser.driver.findElement(By.cssSelector("#traces-table tbody tr")).getText();
        assertTrue(row.contains("lookup") && row.contains("OK") && row.contains("50 ms") && row.contains("env=prod"), row);

        WebElement filter = browser.driver.findElement(By.id("trace-filter"));
        filter.sendKeys("trace.status = 'ERROR'");
        browser.driver.findElement(By.cssSelector("#trace-search button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> traceIds().equals(List.of(FAILED)));

        filter = browser.driver.findElement(By.id("trace-filter"));
        filter.clear();
        filter.sendKeys("trace.bogus = 1");
        browser.driver.findElement(By.cssSelector("#trace-search button[type=submit]")).click();
        String shown = waitFor(By.cssSelector(".error[role=alert]")).getText();
        assertTrue(shown.contains("INVALID_PARAMETER_VALUE") && shown.contains("bogus"), shown);
    }

    @Test
    void aTraceShowsItsSpanTreeWithInputsOutputsTimingsAndTheError() {
        open("#/traces/" + FAILED, By.id("span-tree"));
        assertEquals("pipeline", browser.driver.findElement(By.id("trace-title")).getText());
        WebElement root = browser.driver.findElement(By.cssSelector("#span-tree > details.span"));
        assertEquals("pipeline", root.getAttribute("data-span"));
        assertTrue(root.findElement(By.cssSelector("summary")).getText().contains("900 ms"), root.getText());
        assertTrue(root.findElement(By.cssSelector(".span-inputs")).getText().contains("\"question\": \"why?\""));
        WebElement child = root.findElement(By.cssSelector("details.span details.span, .span-body > details.span"));
        assertEquals(XSS, child.getAttribute("data-span"));
        assertEquals(XSS, child.findElement(By.cssSelector(".span-name")).getText(), "names are shown as text");
        assertTrue(child.getAttribute("class").contains("span-error"));
        assertTrue(child.findElement(By.cssSelector(".span-outputs")).getText().contains("\"answer\": 42"));
        assertTrue(child.findElement(By.cssSelector(".span-event")).getText().contains("model timed out"));
        assertTrue(child.findElement(By.cssSelector("summary")).getText().contains("300 ms"));
        assertNull(((JavascriptExecutor) browser.driver).executeScript("return window.__xss;"));
    }

    @Test
    void aTraceShowsItsTagsAttributesAndAssessments() {
        open("#/traces/" + PASSED, By.id("span-tree"));
        assertTrue(browser.driver.findElement(By.id("trace-info")).getText().contains("OK"));
        String assessments = browser.driver.findElement(By.id("trace-assessments")).getText();
        assertTrue(assessments.contains("helpful") && assessments.contains("true") && assessments.contains("short and right")
                && assessments.contains("HUMAN ann"), assessments);
        String span = browser.driver.findElement(By.cssSelector("#span-tree details.span")).getText();
        assertTrue(span.contains("top_k") && span.contains("3"), span);
        browser.driver.findElement(By.id("trace-list-link")).click();
        waitFor(By.cssSelector("#traces-table tbody tr"));
        assertEquals(List.of(PASSED, FAILED), traceIds());
    }
}
