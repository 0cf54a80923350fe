package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A model version's "Monitoring" page in a real headless Chromium against the real jar: a
 * monitoring run as {@code jtrack monitor} leaves it (experiment jtrack-monitoring, the version's
 * tag, per-window metrics with step = window, the last window's alerts) is drawn as charts, a
 * table of the last window and the alerts; a version without an inference log says how to get one.
 */
class MonitoringUiBrowserIT extends BrowserTestBase {
    @BeforeAll
    static void startServerAndFillIt() throws Exception {
        start("monitoring-ui.db");
        WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"watched\"}"));
        WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"watched\",\"source\":\"s3://models/m1\"}"));
        WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/model-versions/create", "{\"name\":\"watched\",\"source\":\"s3://models/m2\"}"));
        String exp = WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"jtrack-monitoring\"}"))
                .path("experiment_id").asText();
        String run = WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\",\"run_name\":\"monitor models:/watched/1\","
                + "\"start_time\":1700000000000,\"tags\":[{\"key\":\"jtrack.monitoring.model_uri\",\"value\":\"models:/watched/1\"},"
                + "{\"key\":\"jtrack.monitoring.last_alerts\",\"value\":\"sepal_width.psi=0.5000 > 0.2\"}]}"))
                .path("run").path("info").path("run_id").asText();
        StringBuilder metrics = new StringBuilder();
        double[] psi = {0.01, 0.02, 0.5};
        for (int w = 0; w < 3; w++) {
            long t = 1_700_000_000_000L + w * 3_600_000L;
            metrics.append(metric("sepal_width.psi", psi[w], t, w)).append(',')
                    .append(metric("sepal_length.psi", 0.03, t, w)).append(',')
                    .append(metric("request_count", 1000, t, w)).append(',')
                    .append(metric("latency_p95_ms", 2.5 + w, t, w)).append(',')
                    .append(metric("alert", w == 2 ? 1 : 0, t, w)).append(w < 2 ? "," : "");
        }
        WebUiBrowserIT.ok(http.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[" + metrics + "]}"));
    }

    static String metric(String key, double value, long t, int step) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":" + t + ",\"step\":" + step + "}";
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    @Test
    void theVersionsTableLinksToAMonitoringPageWithChartsTheLastWindowAndItsAlerts() {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/#/models/watched");
        waitFor(By.cssSelector("#versions-table tr[data-version='1'] a.monitoring-link")).click();
        waitFor(By.cssSelector("#monitoring-charts figure path.series"));
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/models/watched/versions/1/monitoring"), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElement(By.id("monitoring-alerts")).getText().contains("sepal_width.psi=0.5000 > 0.2"));
        List<String> latest = browser.driver.findElements(By.cssSelector("#monitoring-latest tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertTrue(latest.contains("sepal_width.psi 0.5 2"), latest.toString());
        assertTrue(latest.contains("alert 1 2"), latest.toString());
        List<String> series = browser.driver.findElements(By.cssSelector("#monitoring-charts path.series")).stream()
                .map(p -> p.getAttribute("data-run")).toList();
        assertTrue(series.containsAll(List.of("sepal_width.psi", "sepal_length.psi", "request_count", "latency_p95_ms", "alert")),
                series.toString());
        assertEquals(4, browser.driver.findElements(By.cssSelector("#monitoring-charts figure")).size(),
                "drift, requests, latency, alerts");
    }

    @Test
    void aVersionWithoutAnInferenceLogSaysHowToGetOne() {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/#/models/watched/versions/2/monitoring");
        String text = waitFor(By.id("monitoring-empty")).getText();
        assertTrue(text.contains("jtrack models serve --log-predictions") && text.contains("models:/watched/2"), text);
    }
}
