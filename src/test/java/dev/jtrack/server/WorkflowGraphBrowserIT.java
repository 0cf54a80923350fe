package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.BuiltJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A workflow run made by {@code jtrack run PROJECT} against a real {@code jtrack server}, shown on
 * its run page as the step graph: one box per step with its status and duration, arrows from the
 * steps it needs, each box linking to the step's run.
 */
class WorkflowGraphBrowserIT extends BrowserTestBase {
    private static final String PROJECT = """
            name: graph-demo
            entry_points:
              step:
                parameters:
                  label: string
                  code: {type: int, default: 0}
                command: 'echo "{label}" && exit {code}'
              main:
                steps:
                  prepare: {entry_point: step, parameters: {label: prepare}}
                  train: {entry_point: step, needs: [prepare], parameters: {label: train}}
                  evaluate: {entry_point: step, needs: [train], parameters: {label: evaluate}}
                  report: {entry_point: step, needs: [prepare], parameters: {label: report, code: "3"}}
            """;
    static String parentRunId;

    @BeforeAll
    static void runAWorkflowWithAFailingStep() throws Exception {
        start("workflow.db");
        Path project = Files.createDirectories(tmp.resolve("graph-demo"));
        Files.writeString(project.resolve("MLproject"), PROJECT);
        Path log = tmp.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString(),
                "run", project.toString(), "--experiment", "graph-demo")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MLFLOW_TRACKING_URI", server.uri());
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the workflow did not finish: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), "the report step fails, so does the workflow: " + out);
        JsonNode runs = http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\""
                + http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=graph-demo").json()
                        .at("/experiment/experiment_id").asText()
                + "\"], \"filter\": \"tags.jtrack.workflow = 'true'\"}").json().path("runs");
        assertEquals(1, runs.size(), runs.toString());
        parentRunId = runs.get(0).at("/info/run_id").asText();
    }

    @Test
    void theWorkflowRunShowsItsStepGraphWithStatusesDurationsAndLinks() {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/#/runs/" + parentRunId);
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#workflow-graph .workflow-step")));
        assertEquals("Workflow (4 steps)", browser.driver.findElement(By.cssSelector("#run-workflow h2")).getText());

        Map<String, String> statuses = new TreeMap<>();
        for (WebElement step : browser.driver.findElements(By.cssSelector("#workflow-graph .workflow-step"))) {
            statuses.put(step.getAttribute("data-step"), step.getAttribute("data-status"));
        }
        assertEquals(Map.of("prepare", "FINISHED", "train", "FINISHED", "evaluate", "FINISHED", "report", "FAILED"), statuses);

        List<String> edges = browser.driver.findElements(By.cssSelector("#workflow-graph .workflow-edge")).stream()
                .map(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to")).sorted().toList();
        assertEquals(List.of("prepare->report", "prepare->train", "train->evaluate"), edges);
        double prepareX = x("prepare"), trainX = x("train"), evaluateX = x("evaluate"), reportX = x("report");
        assertTrue(prepareX < trainX && trainX < evaluateX && reportX == trainX,
                "columns follow the dependencies: " + List.of(prepareX, trainX, evaluateX, reportX));

        wait.until(d -> d.findElements(By.cssSelector("#workflow-graph .workflow-duration")).stream()
                .allMatch(t -> t.getText().matches("\\d+(\\.\\d)?m?s")));

        WebElement trainLink = browser.driver.findElement(By.cssSelector("#workflow-graph a[data-run] g[data-step='train']"))
                .findElement(By.xpath(".."));
        String trainRun = trainLink.getAttribute("data-run");
        trainLink.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#run-info tr:first-child td:last-child"), trainRun));
        assertTrue(browser.driver.findElements(By.id("workflow-graph")).isEmpty(), "a step run has no graph of its own");
    }

    private static double x(String step) {
        return Double.parseDouble(browser.driver.findElement(By.cssSelector("#workflow-graph g[data-step='" + step + "'] rect"))
                .getAttribute("x"));
    }
}
