package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.PythonTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The logged-model views (MLflow 3) in a real headless Chromium against the real jar. The models
 * are logged by the real MLflow 3 Python client of the tools environment ({@code pyfunc.log_model}
 * in a run, a metric on an evaluation dataset, registered from the logged model, tags), the checks
 * read the experiment's model list (with its filter box) and one model's page.
 */
class LoggedModelUiBrowserIT extends BrowserTestBase {
    static final String XSS = "<img src=x onerror=\"window.__xss=1\">";
    /** Logs a READY pyfunc model from a run (metric on a dataset, registered) and a PENDING one. */
    static final String CLIENT_SCRIPT = """
            import json, mlflow, pandas as pd, pathlib, tempfile
            vocab = pathlib.Path(tempfile.mkdtemp()) / "vocab.txt"
            vocab.write_text("one\\ntwo\\n")
            class Doubler(mlflow.pyfunc.PythonModel):
                def predict(self, context, model_input, params=None):
                    return model_input * 2
            mlflow.set_experiment("model-ui")
            with mlflow.start_run(run_name="trainer") as run:
                info = mlflow.pyfunc.log_model(name="doubler", python_model=Doubler(), pip_requirements=["mlflow"],
                                               artifacts={"vocab": str(vocab)},
                                               params={"alpha": "0.5", "layers": "3"})
                ds = mlflow.data.from_pandas(pd.DataFrame({"x": [1, 2, 3]}), name="eval-set")
                mlflow.log_metric("accuracy", 0.875, model_id=info.model_id, dataset=ds)
            mlflow.set_logged_model_tags(info.model_id, {"team": "vision", "note": %s})
            mlflow.register_model(f"models:/{info.model_id}", "ui-doubler")
            draft = mlflow.initialize_logged_model(name="draft", params={"alpha": "0.1"})
            print(json.dumps({"ready": info.model_id, "draft": draft.model_id, "run": run.info.run_id,
                              "experiment": run.info.experiment_id}))
            """;
    static JsonNode ids;

    @BeforeAll
    static void startServerAndLogModels() throws Exception {
        start("logged-models-ui.db");
        ids = Http.JSON.readTree(python(CLIENT_SCRIPT.formatted(Http.JSON.writeValueAsString(XSS))));
    }

    /** Runs a script with the tools environment's MLflow client against the server; its last stdout line. */
    static String python(String script) throws IOException, InterruptedException {
        Path file = tmp.resolve("client.py");
        Files.writeString(file, script);
        Path log = tmp.resolve("client.log");
        ProcessBuilder pb = new ProcessBuilder(PythonTools.tools().toString(), file.toString())
                .redirectErrorStream(false).redirectError(log.toFile());
        pb.environment().putAll(PythonTools.QUIET_MLFLOW);
        pb.environment().put("MLFLOW_TRACKING_URI", server.uri());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the MLflow client script did not finish in 180 s");
        }
        assertEquals(0, p.exitValue(), () -> "MLflow client failed:\n" + readQuietly(log));
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        return lines.get(lines.size() - 1);
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static void open(String hash, By readyWhen) {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/" + hash);
        waitFor(readyWhen);
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    static List<String> modelNames() {
        return browser.driver.findElements(By.cssSelector("#logged-models-table a.logged-model-link")).stream()
                .map(WebElement::getText).toList();
    }

    static String exp() {
        return ids.path("experiment").asText();
    }

    @Test
    void theExperimentPageLinksToItsModelsWithStatusRunMetricsParamsAndVersions() {
        open("#/experiments/" + exp(), By.id("logged-models-link"));
        browser.driver.findElement(By.id("logged-models-link")).click();
        waitFor(By.cssSelector("#logged-models-table tbody tr"));
        assertEquals(List.of("draft", "doubler"), modelNames(), "newest first");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#logged-models-table tbody tr"));
        String draft = rows.get(0).getText();
        assertTrue(draft.contains("PENDING") && draft.contains("alpha=0.1"), draft);
        WebElement ready = rows.get(1);
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#logged-models-table tbody tr")).get(1)
                        .findElement(By.cssSelector("a.run-link")).getText().equals("trainer"));
        ready = browser.driver.findElements(By.cssSelector("#logged-models-table tbody tr")).get(1);
        String text = ready.getText();
        assertTrue(text.contains("READY") && text.contains("accuracy (eval-set)=0.875") && text.contains("alpha=0.5")
                && text.contains("layers=3") && text.contains("ui-doubler v1"), text);
        assertEquals("#/models/ui-doubler", ready.findElement(By.cssSelector("a.registered-version")).getAttribute("hash"));
        assertTrue(ready.findElement(By.cssSelector("a.run-link")).getAttribute("href")
                .endsWith("#/experiments/" + exp() + "/runs/" + ids.path("run").asText()));
    }

    @Test
    void theFilterBoxNarrowsTheListAndABadFilterExplainsItself() {
        open("#/experiments/" + exp() + "/models", By.cssSelector("#logged-models-table tbody tr"));
        WebElement filter = browser.driver.findElement(By.id("logged-model-filter"));
        filter.sendKeys("metrics.accuracy > 0.8 AND params.alpha = '0.5'");
        browser.driver.findElement(By.cssSelector("#logged-model-search button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> modelNames().equals(List.of("doubler")));

        filter = browser.driver.findElement(By.id("logged-model-filter"));
        filter.clear();
        filter.sendKeys("status = 'PENDING'");
        browser.driver.findElement(By.cssSelector("#logged-model-search button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> modelNames().equals(List.of("draft")));

        filter = browser.driver.findElement(By.id("logged-model-filter"));
        filter.clear();
        filter.sendKeys("bogus.key = 1");
        browser.driver.findElement(By.cssSelector("#logged-model-search button[type=submit]")).click();
        String shown = waitFor(By.cssSelector(".error[role=alert]")).getText();
        assertTrue(shown.contains("INVALID_PARAMETER_VALUE"), shown);
    }

    @Test
    void aModelPageShowsParamsMetricsWithDatasetsTagsArtifactsRunAndVersions() {
        String modelId = ids.path("ready").asText();
        open("#/experiments/" + exp() + "/models/" + modelId, By.cssSelector("#logged-model-artifacts a.artifact-file"));
        assertEquals("doubler", browser.driver.findElement(By.id("logged-model-title")).getText());
        String info = browser.driver.findElement(By.id("logged-model-info")).getText();
        assertTrue(info.contains(modelId), info);
        String params = browser.driver.findElement(By.id("logged-model-params")).getText();
        assertTrue(params.contains("alpha 0.5") && params.contains("layers 3"), params);
        String metrics = browser.driver.findElement(By.id("logged-model-metrics")).getText();
        assertTrue(metrics.contains("accuracy 0.875") && metrics.contains("eval-set"), metrics);
        WebElement tags = browser.driver.findElement(By.id("logged-model-tags"));
        assertTrue(tags.getText().contains("team vision") && tags.getText().contains(XSS), tags.getText());
        assertNull(((JavascriptExecutor) browser.driver).executeScript("return window.__xss;"));
        WebElement version = browser.driver.findElement(By.cssSelector("#logged-model-versions a.registered-model-link"));
        assertEquals("ui-doubler", version.getText());
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#logged-model-info a.run-link")).getText().equals("trainer"));

        List<String> files = new ArrayList<>();
        for (WebElement a : browser.driver.findElements(By.cssSelector("#logged-model-artifacts > li > a.artifact-file"))) {
            files.add(a.getAttribute("data-path"));
        }
        assertTrue(files.contains("MLmodel") && files.contains("python_model.pkl"), files.toString());
        String mlmodelUrl = browser.driver.findElement(By.cssSelector("#logged-model-artifacts a.artifact-file[data-path=MLmodel]"))
                .getAttribute("href");
        Http.Reply mlmodel = http.get(mlmodelUrl.substring(server.uri().length()));
        assertEquals(200, mlmodel.status());
        assertTrue(mlmodel.body().contains("model_id: " + modelId), mlmodel.body());

        version.click();
        waitFor(By.id("versions-table"));
        assertEquals("ui-doubler", browser.driver.findElement(By.id("model-title")).getText());
    }

    @Test
    void anArtifactFolderListsItsFilesWhenOpened() {
        String modelId = ids.path("ready").asText();
        open("#/experiments/" + exp() + "/models/" + modelId, By.cssSelector("#logged-model-artifacts details.artifact-dir"));
        WebElement dir = browser.driver.findElement(By.cssSelector("#logged-model-artifacts > li > details.artifact-dir[data-path=artifacts]"));
        dir.findElement(By.tagName("summary")).click();
        WebElement file = new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(d -> dir.findElements(By.cssSelector("ul.tree a.artifact-file")).stream().findFirst().orElse(null));
        assertEquals("artifacts/vocab.txt", file.getAttribute("data-path"));
        assertTrue(dir.getText().contains("vocab.txt") && dir.getText().contains("8 bytes"), dir.getText());
        Http.Reply body = http.get(file.getAttribute("href").substring(server.uri().length()));
        assertEquals(200, body.status());
        assertEquals("one\ntwo\n", body.body());
    }

    @Test
    void theRunPageLinksToTheModelItProduced() {
        open("#/experiments/" + exp() + "/runs/" + ids.path("run").asText(), By.cssSelector("#run-model-outputs a.model-output-link"));
        WebElement link = browser.driver.findElement(By.cssSelector("#run-model-outputs a.model-output-link"));
        assertEquals(ids.path("ready").asText(), link.getText());
        link.click();
        waitFor(By.id("logged-model-title"));
        assertEquals("doubler", browser.driver.findElement(By.id("logged-model-title")).getText());
    }

    @Test
    void anUnknownModelShowsTheServersError() {
        open("#/experiments/" + exp() + "/models/m-doesnotexist", By.cssSelector(".error[role=alert]"));
        String shown = browser.driver.findElement(By.cssSelector(".error[role=alert]")).getText();
        assertTrue(shown.contains("RESOURCE_DOES_NOT_EXIST") && shown.contains("m-doesnotexist"), shown);
    }
}
