package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.server.auth.PasswordHash;
import dev.jtrack.store.rest.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against the real jar ({@code jtrack server}): the data
 * goes in through the REST API, the checks read what the browser shows. One browser and one
 * server for the class; a second server checks the UI behind {@code --auth-file}.
 */
class WebUiBrowserIT extends BrowserTestBase {
    static final String XSS_NAME = "<img src=x onerror=\"window.__xss=1\">";
    static final String XSS_PARAM = "<b>bold</b>";
    static final String NOTE = "// cell 3\nvar model = train(lr);\n<script>window.__xss=2</script>";
    static final String GIT_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String NOTES_TXT = "accuracy went up after lowering lr\n";
    /** Two cells as the jtrack kernel records them (session/cells.jsonl): one ran, one threw. */
    static final String CELLS = """
            {"order":1,"execution_count":1,"code":"double lr = 0.1;\\nSystem.out.println(lr < 1);","status":"ok",\
            "duration_ms":3.5,"stdout":"true\\n","stderr":"","outputs":[],"variables":[{"name":"lr","type":"double","value":"0.1"}]}
            {"order":2,"execution_count":2,"code":"train(<b>lr</b>)","status":"error","duration_ms":1.0,"stdout":"",\
            "stderr":"","outputs":[],"error":{"class":"java.lang.IllegalStateException","message":"diverged","frames":[]},"variables":[]}
            """;

    static String expId;
    static final Map<String, String> runIds = new LinkedHashMap<>();

    @BeforeAll
    static void startServerFillItAndOpenABrowser() throws Exception {
        start("ui.db");
        fill();
    }

    // ---- data, through the REST API -------------------------------------------------------------

    static JsonNode ok(Http.Reply r) {
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static ObjectNode obj() {
        return Http.JSON.createObjectNode();
    }

    static void fill() {
        ok(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"other-experiment\"}"));
        String old = ok(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"old-experiment\"}")).get("experiment_id").asText();
        ok(http.post("/api/2.0/mlflow/experiments/delete", obj().put("experiment_id", old).toString()));
        expId = ok(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"ui-demo\"}")).get("experiment_id").asText();
        ok(http.post("/api/2.0/mlflow/experiments/set-experiment-tag", obj().put("experiment_id", expId)
                .put("key", "mlflow.note.content").put("value", "House prices: <i>linear</i> baselines").toString()));
        run("alpha", "0.1", new double[] {0.9, 0.7, 0.5});
        run("beta", "0.2", new double[] {0.8, 0.6, 0.3});
        run("gamma", "0.3", new double[] {1.0, 0.9, 0.8});
        run(XSS_NAME, XSS_PARAM, new double[] {0.6});
        String alpha = runIds.get("alpha");
        tag(alpha, "mlflow.source.git.commit", GIT_COMMIT);
        tag(alpha, "mlflow.note.content", NOTE);
        String root = "/api/2.0/mlflow-artifacts/artifacts/" + expId + "/" + alpha + "/artifacts/";
        assertEquals(200, http.sendBytes("PUT", root + "notes.txt", NOTES_TXT.getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(200, http.sendBytes("PUT", root + "model/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(200, http.sendBytes("PUT", root + "session/cells.jsonl", CELLS.getBytes(StandardCharsets.UTF_8)).status());
        ObjectNode model = obj().put("run_id", alpha).put("artifact_path", "model")
                .put("utc_time_created", "2026-01-02 03:04:05.000000").put("model_uuid", "m-1234");
        model.putObject("flavors").putObject("java_function").put("loader", "dev.jtrack.Example");
        ObjectNode inputs = obj().put("run_id", alpha);
        ObjectNode input = inputs.putArray("datasets").addObject();
        input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", "training");
        input.putObject("dataset").put("name", "houses").put("digest", "d1g3st").put("source_type", "local")
                .put("source", "{\"uri\": \"notebooks/data/houses.csv\"}");
        ok(http.post("/api/2.0/mlflow/runs/log-inputs", inputs.toString()));
        ok(http.post("/api/2.0/mlflow/runs/log-model", obj().put("run_id", alpha).put("model_json", model.toString()).toString()));
        ok(http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"ui-model\",\"description\":\"the demo model\"}"));
        ok(http.post("/api/2.0/mlflow/model-versions/create", obj().put("name", "ui-model").put("run_id", alpha)
                .put("source", "mlflow-artifacts:/" + expId + "/" + alpha + "/artifacts/model").toString()));
        ok(http.post("/api/2.0/mlflow/model-versions/transition-stage",
                "{\"name\":\"ui-model\",\"version\":\"1\",\"stage\":\"Staging\",\"archive_existing_versions\":false}"));
        ok(http.post("/api/2.0/mlflow/registered-models/alias", "{\"name\":\"ui-model\",\"alias\":\"champion\",\"version\":\"1\"}"));
    }

    static void run(String name, String lr, double[] rmse) {
        JsonNode created = ok(http.post("/api/2.0/mlflow/runs/create", obj().put("experiment_id", expId)
                .put("run_name", name).put("start_time", 1_700_000_000_000L).toString()));
        String id = created.at("/run/info/run_id").asText();
        runIds.put(name, id);
        ObjectNode batch = obj().put("run_id", id);
        ArrayNode params = batch.putArray("params");
        params.addObject().put("key", "lr").put("value", lr);
        params.addObject().put("key", "optimizer").put("value", "adam");
        ArrayNode metrics = batch.putArray("metrics");
        for (int i = 0; i < rmse.length; i++) {
            metrics.addObject().put("key", "rmse").put("value", rmse[i]).put("timestamp", 1_700_000_001_000L + i).put("step", i);
        }
        ArrayNode tags = batch.putArray("tags");
        tags.addObject().put("key", "mlflow.source.name").put("value", "/work/notebooks/" + "train.ipynb");
        tags.addObject().put("key", "team").put("value", "vision");
        ok(http.post("/api/2.0/mlflow/runs/log-batch", batch.toString()));
        ok(http.post("/api/2.0/mlflow/runs/update", obj().put("run_id", id).put("status", "FINISHED")
                .put("end_time", 1_700_000_042_000L).toString()));
    }

    static void tag(String runId, String key, String value) {
        ok(http.post("/api/2.0/mlflow/runs/set-tag", obj().put("run_id", runId).put("key", key).put("value", value).toString()));
    }

    // ---- browser helpers ------------------------------------------------------------------------

    /** Loads the UI afresh at a hash route and waits for the element the view renders last. */
    static void open(String hash, By readyWhen) {
        browser.driver.get("about:blank");
        browser.driver.get(server.uri() + "/" + hash);
        waitFor(readyWhen);
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    static List<WebElement> all(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    /** The run names in the runs table, top to bottom. */
    static List<String> runNames() {
        return all("#runs-table tbody td.run-name a").stream().map(WebElement::getText).toList();
    }

    static void waitForRunNames(List<String> expected) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> runNames().equals(expected));
    }

    // ---- the checks -----------------------------------------------------------------------------

    @Test
    void experimentsAreListedAndTheRunsTableShowsParamsMetricsAndTags() {
        open("#/experiments/" + expId, By.cssSelector("#runs-table tbody tr"));
        List<String> experiments = all("#experiment-list .exp-name").stream().map(WebElement::getText).toList();
        assertTrue(experiments.containsAll(List.of("ui-demo", "other-experiment", "Default")), experiments.toString());
        assertTrue(!experiments.contains("old-experiment"), "deleted experiments are hidden by default");
        assertEquals("ui-demo", waitFor(By.id("experiment-title")).getText());
        assertEquals("House prices: <i>linear</i> baselines", browser.driver.findElement(By.id("experiment-description")).getText());
        assertEquals(4, all("#runs-table tbody tr").size());
        WebElement alpha = browser.driver.findElement(By.cssSelector("tr[data-run-id='" + runIds.get("alpha") + "']"));
        assertEquals("0.1", alpha.findElement(By.cssSelector("td.param[data-key='lr']")).getText());
        assertEquals("adam", alpha.findElement(By.cssSelector("td.param[data-key='optimizer']")).getText());
        assertEquals("0.5", alpha.findElement(By.cssSelector("td.metric[data-key='rmse']")).getText(), "latest value");
        assertEquals("vision", alpha.findElement(By.cssSelector("td.tag[data-key='team']")).getText());
        assertEquals("train.ipynb", alpha.findElement(By.cssSelector("td.source")).getText());
        assertTrue(alpha.getText().contains("FINISHED") && alpha.getText().contains("42.0s"), alpha.getText());

        // Narrowing the columns keeps the rows and drops the other param/metric/tag columns.
        browser.driver.findElement(By.id("column-filter")).sendKeys("RMS" + Keys.ENTER);
        // (While the new page loads there is no table at all: wait for the narrowed one.)
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                all("#runs-table td.param").isEmpty() && all("#runs-table td.metric[data-key='rmse']").size() == 4);
        assertTrue(all("#runs-table td.tag").isEmpty());
        assertEquals("ui-demo · jtrack", browser.driver.getTitle());

        browser.driver.findElement(By.id("show-deleted-experiments")).click();
        WebElement deleted = new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElements(By.xpath(
                "//ul[@id='experiment-list']/li[.//span[@class='exp-name' and text()='old-experiment']]")).stream().findFirst().orElse(null));
        assertEquals("deleted", deleted.findElement(By.cssSelector(".badge.deleted")).getText());
    }

    @Test
    void aFilterNarrowsTheTableAndABadFilterShowsTheServersError() {
        open("#/experiments/" + expId, By.cssSelector("#runs-table tbody tr"));
        WebElement filter = browser.driver.findElement(By.id("run-filter"));
        filter.sendKeys("params.lr = '0.2'");
        browser.driver.findElement(By.cssSelector("#run-search button[type=submit]")).click();
        waitForRunNames(List.of("beta"));

        String bad = "metrics.rmse <<< 1";
        Http.Reply direct = http.post("/ajax-api/2.0/mlflow/runs/search",
                obj().put("filter", bad).set("experiment_ids", Http.JSON.createArrayNode().add(expId)).toString());
        assertEquals(400, direct.status(), direct.toString());
        filter = browser.driver.findElement(By.id("run-filter"));
        filter.clear();
        filter.sendKeys(bad);
        browser.driver.findElement(By.cssSelector("#run-search button[type=submit]")).click();
        String shown = waitFor(By.cssSelector(".error[role=alert]")).getText();
        assertTrue(shown.contains(direct.errorCode()), shown);
        assertTrue(shown.contains(direct.json().get("message").asText()), shown + " vs " + direct);
        assertTrue(all("#runs-table").isEmpty());
    }

    @Test
    void clickingAColumnHeaderSortsByItAndAgainReversesTheOrder() {
        open("#/experiments/" + expId, By.cssSelector("#runs-table tbody tr"));
        browser.driver.findElement(By.cssSelector("th[data-sort-key='metrics.`rmse`'] a")).click();
        waitForRunNames(List.of("beta", "alpha", XSS_NAME, "gamma")); // latest rmse 0.3, 0.5, 0.6, 0.8
        assertEquals("ascending", browser.driver.findElement(By.cssSelector("th.sorted")).getAttribute("aria-sort"));
        browser.driver.findElement(By.cssSelector("th[data-sort-key='metrics.`rmse`'] a")).click();
        waitForRunNames(List.of("gamma", XSS_NAME, "alpha", "beta"));
        browser.driver.findElement(By.cssSelector("th[data-sort-key='attributes.run_name'] a")).click();
        waitForRunNames(List.of(XSS_NAME, "alpha", "beta", "gamma"));
    }

    @Test
    void pagingFollowsTheServersPageTokensForwardAndBack() {
        open("#/experiments/" + expId + "?order=attributes.run_name+ASC&size=2", By.cssSelector("#runs-table tbody tr"));
        waitForRunNames(List.of(XSS_NAME, "alpha"));
        assertTrue(browser.driver.findElement(By.id("prev-page")).getAttribute("disabled") != null);
        browser.driver.findElement(By.id("next-page")).click();
        waitForRunNames(List.of("beta", "gamma"));
        assertTrue(browser.driver.getCurrentUrl().contains("page="), browser.driver.getCurrentUrl());
        browser.driver.findElement(By.id("prev-page")).click();
        waitForRunNames(List.of(XSS_NAME, "alpha"));
    }

    @Test
    void compareShowsParamsSideBySideWithDifferencesAndAChartWithOneLinePerRun() {
        open("#/experiments/" + expId, By.cssSelector("#runs-table tbody tr"));
        for (String name : List.of("alpha", "beta", "gamma")) {
            browser.driver.findElement(By.cssSelector("tr[data-run-id='" + runIds.get(name) + "'] input.pick")).click();
        }
        WebElement compare = browser.driver.findElement(By.id("compare-button"));
        assertEquals("Compare (3)", compare.getText());
        compare.click();
        waitFor(By.cssSelector("#compare-charts figure.chart[data-metric='rmse'] svg"));
        List<WebElement> lines = all("#compare-charts figure.chart[data-metric='rmse'] path.series");
        assertEquals(3, lines.size(), "one series per selected run");
        for (WebElement line : lines) {
            assertEquals(2, line.getAttribute("d").chars().filter(c -> c == 'L').count(), "3 points: " + line.getAttribute("d"));
        }
        List<String> legend = all("#compare-charts .legend li").stream().map(WebElement::getText).toList();
        assertEquals(List.of("alpha", "beta", "gamma"), legend.stream().sorted().toList());
        assertEquals("diff", browser.driver.findElement(By.cssSelector("#compare-table tr[data-key='lr']")).getAttribute("class"));
        assertEquals("same", browser.driver.findElement(By.cssSelector("#compare-table tr[data-key='optimizer']")).getAttribute("class"));
        assertEquals("diff", browser.driver.findElement(By.cssSelector("#compare-table tr[data-key='rmse']")).getAttribute("class"));

        // Scatter of a numeric param against a latest metric: one dot per run, at the run's values.
        List<WebElement> dots = all("#scatter circle.dot");
        assertEquals(3, dots.size());
        assertEquals("rmse vs param lr", browser.driver.findElement(By.cssSelector("#scatter figcaption")).getText());
        List<Double> ys = dots.stream().map(d -> Double.parseDouble(d.getAttribute("cy"))).toList();
        int lowest = ys.indexOf(java.util.Collections.max(ys)); // SVG y grows downwards
        assertEquals("beta", dots.get(lowest).getAttribute("data-run"), "beta has the lowest rmse");

        browser.driver.findElement(By.id("log-y")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                d.findElement(By.cssSelector("#compare-charts figure.chart[data-metric='rmse'] figcaption")).getText().contains("log scale"));
        assertEquals(3, all("#compare-charts figure.chart[data-metric='rmse'] path.series").size());
    }

    @Test
    void runDetailShowsParamsTagsNoteArtifactsAndModels() throws Exception {
        String alpha = runIds.get("alpha");
        open("#/runs/" + alpha, By.cssSelector("#artifacts li.file[data-path='notes.txt']"));
        assertEquals("alpha", browser.driver.findElement(By.id("run-title")).getText());
        String params = browser.driver.findElement(By.id("run-params")).getText();
        assertTrue(params.contains("lr") && params.contains("0.1") && params.contains("adam"), params);
        String tags = browser.driver.findElement(By.id("run-tags")).getText();
        assertTrue(tags.contains("team") && tags.contains("vision"), tags);
        assertTrue(tags.contains("mlflow.source.git.commit") && tags.contains(GIT_COMMIT), tags);
        assertTrue(tags.contains("/work/notebooks/train.ipynb"), tags);
        assertEquals(NOTE, browser.driver.findElement(By.cssSelector("#run-note pre")).getAttribute("textContent"));
        waitFor(By.cssSelector("#run-charts figure.chart[data-metric='rmse'] path.series"));
        waitFor(By.cssSelector("#cells li.cell[data-order='2']"));
        List<WebElement> cells = all("#cells li.cell");
        assertEquals(2, cells.size());
        assertEquals("double lr = 0.1;\nSystem.out.println(lr < 1);", cells.get(0).findElement(By.cssSelector("pre.cell-code")).getAttribute("textContent"));
        assertTrue(cells.get(0).getText().contains("In [1]") && cells.get(0).getText().contains("double lr = 0.1"), cells.get(0).getText());
        assertEquals("train(<b>lr</b>)", cells.get(1).findElement(By.cssSelector("pre.cell-code")).getText());
        assertTrue(cells.get(1).getText().contains("java.lang.IllegalStateException: diverged"), cells.get(1).getText());
        String datasets = browser.driver.findElement(By.id("run-datasets")).getText();
        assertTrue(datasets.contains("houses") && datasets.contains("d1g3st") && datasets.contains("training"), datasets);
        String models = browser.driver.findElement(By.id("run-models")).getText();
        assertTrue(models.contains("model") && models.contains("java_function") && models.contains("m-1234"), models);
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                d.findElement(By.id("registered-versions")).getText().contains("ui-model"));

        // The tree opens directories lazily; files download through /get-artifact and preview inline.
        browser.driver.findElement(By.cssSelector("#artifacts li.dir[data-path='model'] button")).click();
        waitFor(By.cssSelector("#artifacts li.file[data-path='model/MLmodel']"));
        String href = browser.driver.findElement(By.cssSelector("#artifacts li.file[data-path='notes.txt'] a")).getAttribute("href");
        assertTrue(href.startsWith(server.uri() + "/get-artifact?"), href);
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(NOTES_TXT, download.body());
        browser.driver.findElement(By.cssSelector("#artifacts li.file[data-path='notes.txt'] button")).click();
        WebElement preview = waitFor(By.cssSelector("#artifact-preview pre"));
        assertEquals(NOTES_TXT, preview.getAttribute("textContent"));
    }

    @Test
    void registeredModelsShowVersionsStagesAliasesAndTheSourceRun() {
        open("#/models", By.cssSelector("#models-table a.model-name"));
        String list = browser.driver.findElement(By.id("models-table")).getText();
        assertTrue(list.contains("ui-model") && list.contains("@champion → v1") && list.contains("the demo model"), list);
        browser.driver.findElement(By.cssSelector("#models-table a.model-name")).click();
        WebElement versions = waitFor(By.id("versions-table"));
        String text = versions.getText();
        assertTrue(text.contains("v1") && text.contains("Staging") && text.contains("@champion"), text);
        assertTrue(browser.driver.findElement(By.id("model-aliases")).getText().contains("@champion → version 1"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                d.findElement(By.cssSelector("#versions-table a.run-link")).getText().equals("alpha"));
        assertEquals(runIds.get("alpha"), browser.driver.findElement(By.cssSelector("#versions-table a.run-link")).getAttribute("title"));
        browser.driver.findElement(By.cssSelector("#versions-table a.run-link")).click();
        waitFor(By.id("run-title"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("run-title")).getText().equals("alpha"));
    }

    @Test
    void userDataIsEscapedEverywhere() {
        open("#/experiments/" + expId, By.cssSelector("#runs-table tbody tr"));
        WebElement row = browser.driver.findElement(By.cssSelector("tr[data-run-id='" + runIds.get(XSS_NAME) + "']"));
        assertEquals(XSS_NAME, row.findElement(By.cssSelector("td.run-name a")).getText());
        assertEquals(XSS_PARAM, row.findElement(By.cssSelector("td.param[data-key='lr']")).getText());
        assertTrue(all("#main img").isEmpty() && all("#main b").isEmpty(), "user data became markup");

        open("#/runs/" + runIds.get(XSS_NAME), By.id("run-title"));
        assertEquals(XSS_NAME, browser.driver.findElement(By.id("run-title")).getText());
        open("#/runs/" + runIds.get("alpha"), By.cssSelector("#cells li.cell[data-order='2']"));
        assertTrue(all("#main b").isEmpty() && all("#main script").isEmpty(), "a note or cell became markup");
        open("#/compare?runs=" + runIds.get(XSS_NAME) + "," + runIds.get("alpha"),
                By.cssSelector("#compare-charts path.series"));
        assertTrue(all("#main img").isEmpty() && all("#main b").isEmpty() && all("#main script").isEmpty(),
                "user data became markup");
        assertNull(browser.driver.executeScript("return window.__xss === undefined ? null : window.__xss;"),
                "script from user data ran");
    }

    /** The UI's pure helpers, imported as the page imports them and run in the browser. */
    @Test
    void formattingScalingAndQuotingHelpers() throws Exception {
        open("#/models", By.id("models-table"));
        Object out = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(['dom', 'chart', 'compare', 'experiments', 'run'].map((m) => import('./static-files/' + m + '.js')))
                  .then(([dom, chart, cmp, exp, run]) => done(JSON.stringify({
                    durations: [dom.formatDuration(0, 850), dom.formatDuration(0, 12345), dom.formatDuration(0, 245000),
                                dom.formatDuration(0, 7380000), dom.formatDuration(5, null)],
                    numbers: [dom.formatNumber(0.1 + 0.2), dom.formatNumber(1234567890123), dom.formatNumber(1e-7), dom.formatNumber('NaN')],
                    ticks: [chart.ticks(0, 1), chart.ticks(0, 3, 6, true)],
                    differs: [cmp.differs(['a', 'a']), cmp.differs(['a', undefined]), cmp.differs(['1', 1])],
                    quoted: [exp.quoteKey('rmse'), exp.quoteKey('a`b'), exp.parseOrder('metrics.`rmse` DESC')],
                    sizes: [run.sizeText(10), run.sizeText(1536), run.sizeText(3 * 1024 * 1024)],
                    route: dom.route('/experiments/1', {filter: "a = 'b'", page: ''}),
                    points: cmp.toPoints([{step: 2, value: 1.5, timestamp: 3000}], 'time', 1000),
                    charted: dom.defaultChartKeys(['cell_duration_ms', 'cells_executed', 'final_rmse', 'rmse', 'total_execution_time_ms'], 3),
                    system: ['mlflow.runName', 'jtrack.git.dirty', 'team'].map(dom.isSystemTag),
                    thin: (() => {
                      const pts = Array.from({length: 10000}, (_, i) => ({x: i, y: i === 4321 ? 99 : Math.sin(i)}));
                      const d = chart.downsample(pts, 100);
                      return [d.length <= 201, d.some((p) => p.y === 99), d[d.length - 1].x, chart.downsample(pts.slice(0, 50), 100).length];
                    })(),
                  })))
                  .catch((e) => done('ERROR ' + e));
                """);
        assertTrue(out instanceof String s && !s.startsWith("ERROR"), String.valueOf(out));
        JsonNode r = Http.JSON.readTree((String) out);
        assertEquals("[\"850ms\",\"12.3s\",\"4m 05s\",\"2h 03m\",\"\"]", r.get("durations").toString());
        assertEquals("[\"0.3\",\"1234567890123\",\"1.0000e-7\",\"NaN\"]", r.get("numbers").toString());
        assertEquals("[[0,0.2,0.4,0.6,0.8,1],[0,1,2,3]]", r.get("ticks").toString());
        assertEquals("[false,true,false]", r.get("differs").toString());
        assertEquals("[\"`rmse`\",\"\\\"a`b\\\"\",{\"key\":\"metrics.`rmse`\",\"desc\":true}]", r.get("quoted").toString());
        assertEquals("[\"10 B\",\"1.5 KiB\",\"3.0 MiB\"]", r.get("sizes").toString());
        assertEquals("#/experiments/1?filter=a+%3D+%27b%27", r.get("route").asText());
        assertEquals("[{\"x\":2,\"y\":1.5}]", r.get("points").toString());
        assertEquals("[\"final_rmse\",\"rmse\",\"cell_duration_ms\"]", r.get("charted").toString());
        assertEquals("[true,true,false]", r.get("system").toString());
        assertEquals("[true,true,9999,50]", r.get("thin").toString(), "spikes and the last point survive thinning");
    }

    @Test
    void withAuthTheBrowserIsChallengedAndTheUisRequestsCarryTheCredentials() throws Exception {
        Path authFile = tmp.resolve("auth.txt");
        Files.writeString(authFile, "user reader read " + PasswordHash.hashPassword("s3cret".toCharArray()) + "\n");
        try (ServerProcess secured = ServerProcess.start(tmp.resolve("auth.db"), tmp.resolve("auth-artifacts"),
                ServerProcess.freePort(), List.of(), List.of("--auth-file", authFile.toString()))) {
            HttpResponse<String> challenge = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(secured.uri() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, challenge.statusCode());
            assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "), challenge.headers().toString());

            browser.driver.get("about:blank");
            browser.driver.get(secured.uri().replace("http://", "http://reader:s3cret@") + "/#/");
            // The page and every fetch behind the list need the credentials: a 401 would show as an error.
            WebElement list = waitFor(By.cssSelector("#experiment-list .exp-name"));
            assertEquals("Default", list.getText());
            assertTrue(all(".error").isEmpty(), () -> all(".error").get(0).getText());
        }
    }
}
