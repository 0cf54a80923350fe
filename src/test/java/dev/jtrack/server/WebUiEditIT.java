package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.server.auth.PasswordHash;
import dev.jtrack.store.rest.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI's write actions in a real headless Chromium against the real jar: each test clicks
 * through one edit and then checks through the REST API that the server holds the change (and,
 * where the server refuses, that the page shows its error and nothing changed). Every test makes
 * its own experiment / runs / model, so the tests do not depend on each other's order.
 */
class WebUiEditIT extends BrowserTestBase {
    static final String API = "/api/2.0/mlflow/";


    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        start("edit.db");
    }

    // ---- REST helpers ---------------------------------------------------------------------------

    static ObjectNode obj() {
        return Http.JSON.createObjectNode();
    }

    static JsonNode ok(Http.Reply r) {
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static String experiment(Http h, String name) {
        return ok(h.post(API + "experiments/create", obj().put("name", name).toString())).get("experiment_id").asText();
    }

    static String run(Http h, String expId, String name) {
        return ok(h.post(API + "runs/create", obj().put("experiment_id", expId).put("run_name", name)
                .put("start_time", 1_700_000_000_000L).toString())).at("/run/info/run_id").asText();
    }

    static JsonNode getRun(Http h, String runId) {
        return ok(h.get(API + "runs/get?run_id=" + runId)).get("run");
    }

    static String tagOf(JsonNode run, String key) {
        for (JsonNode t : run.at("/data/tags")) {
            if (t.get("key").asText().equals(key)) return t.get("value").asText();
        }
        return null;
    }

    // ---- browser helpers ------------------------------------------------------------------------

    static void open(ServerProcess s, String hash, By readyWhen) {
        browser.driver.get("about:blank");
        browser.driver.get(s.uri() + "/" + hash);
        waitFor(readyWhen);
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    static <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    static WebElement find(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    static List<WebElement> all(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    /** Opens an inline editor by its id prefix, types the value (replacing the old one) and saves. */
    static void edit(String id, String value) {
        find("#" + id + "-open").click();
        WebElement input = waitFor(By.id(id + "-input"));
        input.clear();
        input.sendKeys(value);
        find("#" + id + "-save").click();
    }

    /** Answers the confirm dialog. */
    static void confirm(boolean yes) {
        waitFor(By.cssSelector("dialog#confirm-dialog[open]"));
        find(yes ? "#confirm-yes" : "#confirm-no").click();
        waitUntil(d -> d.findElements(By.id("confirm-dialog")).isEmpty());
    }

    /** The error box the page shows in the given place, once it is there. */
    static String errorIn(String css) {
        return waitFor(By.cssSelector(css + " .error[role=alert]")).getText();
    }

    /** The element's text now, or "" while it is not there. */
    static String textNow(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    static String textOf(String css) {
        return waitFor(By.cssSelector(css)).getText();
    }

    // ---- runs -----------------------------------------------------------------------------------

    @Test
    void aRunIsRenamedItsNoteEditedAndItsTagsAddedChangedAndDeleted() {
        String exp = experiment(http, "edit-run");
        String runId = run(http, exp, "first-name");
        open(server, "#/runs/" + runId, By.id("run-actions"));

        edit("run-rename", "second <name>");
        waitUntil(d -> textNow("#run-title").equals("second <name>"));
        assertEquals("second <name>", getRun(http, runId).at("/info/run_name").asText());

        String note = "lr 0.1 diverged;\n<b>try</b> 0.01 next";
        find("#note-edit-open").click();
        WebElement area = waitFor(By.id("note-edit-input"));
        area.sendKeys(note);
        find("#note-edit-save").click();
        waitUntil(d -> !all("#run-note pre").isEmpty() && all("#run-note pre").get(0).getAttribute("textContent").equals(note));
        assertTrue(all("#run-note b").isEmpty(), "the note became markup");
        assertEquals(note, tagOf(getRun(http, runId), "mlflow.note.content"));

        find("#tag-key").sendKeys("team");
        find("#tag-value").sendKeys("vision");
        find("#tag-save").click();
        waitFor(By.cssSelector("#user-tags tr[data-key='team']"));
        assertEquals("vision", tagOf(getRun(http, runId), "team"));

        find("#user-tags tr[data-key='team'] .tag-edit").click();
        assertEquals("team", find("#tag-key").getAttribute("value"));
        WebElement value = find("#tag-value");
        value.clear();
        value.sendKeys("nlp");
        find("#tag-save").click();
        waitUntil(d -> textNow("#user-tags tr[data-key='team']").contains("nlp"));
        assertEquals("nlp", tagOf(getRun(http, runId), "team"));

        find("#user-tags tr[data-key='team'] .tag-delete").click();
        waitUntil(d -> d.findElements(By.cssSelector("#user-tags tr[data-key='team']")).isEmpty() && !all("#tag-form").isEmpty());
        assertEquals(null, tagOf(getRun(http, runId), "team"));

        // An empty name is refused in the page, before the server is asked.
        edit("run-rename", "   ");
        assertTrue(errorIn("#run-rename").contains("INVALID_PARAMETER_VALUE"));
        assertEquals("second <name>", getRun(http, runId).at("/info/run_name").asText());
    }

    @Test
    void aRunIsDeletedAfterConfirmingAndRestored() {
        String exp = experiment(http, "edit-run-lifecycle");
        String runId = run(http, exp, "doomed");
        open(server, "#/runs/" + runId, By.id("run-delete"));

        find("#run-delete").click();
        confirm(false);
        assertEquals("active", getRun(http, runId).at("/info/lifecycle_stage").asText(), "cancel deletes nothing");

        find("#run-delete").click();
        confirm(true);
        waitFor(By.id("run-deleted"));
        assertEquals("deleted", getRun(http, runId).at("/info/lifecycle_stage").asText());

        find("#run-restore").click();
        waitFor(By.id("run-delete"));
        assertTrue(all("#run-deleted").isEmpty());
        assertEquals("active", getRun(http, runId).at("/info/lifecycle_stage").asText());
    }

    @Test
    void severalRunsTickedInTheTableAreDeletedAndRestoredTogether() {
        String exp = experiment(http, "edit-bulk");
        String a = run(http, exp, "a"), b = run(http, exp, "b"), c = run(http, exp, "c");
        open(server, "#/experiments/" + exp, By.cssSelector("#runs-table tbody tr"));
        assertEquals("true", find("#delete-selected").getAttribute("disabled"), "nothing ticked yet");
        for (String id : List.of(a, b)) find("tr[data-run-id='" + id + "'] input.pick").click();
        find("#delete-selected").click();
        confirm(true);
        waitUntil(d -> all("#runs-table tbody tr").size() == 1);
        assertEquals(c, find("#runs-table tbody tr").getAttribute("data-run-id"));
        for (String id : List.of(a, b)) assertEquals("deleted", getRun(http, id).at("/info/lifecycle_stage").asText());
        assertEquals("active", getRun(http, c).at("/info/lifecycle_stage").asText());

        open(server, "#/experiments/" + exp + "?view=DELETED_ONLY", By.cssSelector("#runs-table tbody tr"));
        find("#runs-table input.pick-all").click();
        find("#restore-selected").click();
        waitUntil(d -> all("#runs-table").isEmpty() && textNow("#run-count").equals("No runs match."));
        for (String id : List.of(a, b)) assertEquals("active", getRun(http, id).at("/info/lifecycle_stage").asText());
    }

    // ---- experiments ----------------------------------------------------------------------------

    @Test
    void anExperimentIsCreatedRenamedDeletedAndRestored() {
        experiment(http, "taken-name");
        open(server, "#/", By.id("experiment-create-open"));
        edit("experiment-create", "taken-name");
        String refusal = errorIn("#experiment-create");
        assertTrue(refusal.contains("RESOURCE_ALREADY_EXISTS"), refusal);

        WebElement name = find("#experiment-create-input");
        name.clear();
        name.sendKeys("made-in-the-ui");
        find("#experiment-create-save").click();
        waitUntil(d -> textNow("#experiment-title").equals("made-in-the-ui"));
        JsonNode made = ok(http.get(API + "experiments/get-by-name?experiment_name=made-in-the-ui")).get("experiment");
        String id = made.get("experiment_id").asText();
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/experiments/" + id), browser.driver.getCurrentUrl());

        edit("experiment-rename", "renamed-in-the-ui");
        waitUntil(d -> textNow("#experiment-title").equals("renamed-in-the-ui"));
        assertEquals("renamed-in-the-ui", experimentById(id).get("name").asText());
        waitUntil(d -> textNow("#experiment-list li[data-experiment-id='" + id + "']").contains("renamed-in-the-ui"));

        find("#experiment-delete").click();
        confirm(true);
        waitFor(By.id("experiment-restore"));
        assertEquals("deleted", experimentById(id).get("lifecycle_stage").asText());
        find("#experiment-restore").click();
        waitFor(By.id("experiment-delete"));
        assertEquals("active", experimentById(id).get("lifecycle_stage").asText());
    }

    static JsonNode experimentById(String id) {
        return ok(http.get(API + "experiments/get?experiment_id=" + id)).get("experiment");
    }

    // ---- registered models ----------------------------------------------------------------------

    @Test
    void aModelsDescriptionAliasesStagesAndVersionsAreEdited() {
        String exp = experiment(http, "edit-model-runs");
        String runId = run(http, exp, "trained");
        ok(http.post(API + "registered-models/create", "{\"name\":\"edit-model\"}"));
        for (int i = 0; i < 2; i++) {
            ok(http.post(API + "model-versions/create", obj().put("name", "edit-model").put("run_id", runId)
                    .put("source", "mlflow-artifacts:/" + exp + "/" + runId + "/artifacts/model").toString()));
        }
        open(server, "#/models/edit-model", By.cssSelector("#versions-table tr[data-version='2']"));

        String description = "Predicts house prices.\n<i>Baseline</i> only.";
        find("#description-edit-open").click();
        waitFor(By.id("description-edit-input")).sendKeys(description);
        find("#description-edit-save").click();
        waitUntil(d -> !all("#model-description").isEmpty()
                && all("#model-description").get(0).getAttribute("textContent").equals(description));
        assertEquals(description, model().get("description").asText());

        String v1 = "#versions-table tr[data-version='1']";
        find(v1 + " .alias-input").sendKeys("champion");
        find(v1 + " .alias-set").click();
        waitFor(By.cssSelector(v1 + " .chip[data-alias='champion']"));
        assertEquals("1", ok(http.get(API + "registered-models/alias?name=edit-model&alias=champion")).at("/model_version/version").asText());
        find(v1 + " .chip[data-alias='champion'] .alias-delete").click();
        waitUntil(d -> all(v1 + " .chip[data-alias='champion']").isEmpty() && !all(v1 + " .alias-input").isEmpty());
        assertEquals(404, http.get(API + "registered-models/alias?name=edit-model&alias=champion").status());

        String v2 = "#versions-table tr[data-version='2']";
        new Select(find(v2 + " select.stage-select")).selectByValue("Production");
        confirm(true);
        waitUntil(d -> textNow(v2 + " span.stage").equals("Production"));
        assertEquals("Production", version("2").get("current_stage").asText());

        find(v1 + " .version-delete").click();
        confirm(true);
        waitUntil(d -> all(v1).isEmpty() && !all("#versions-table tr[data-version='2']").isEmpty());
        assertEquals(404, http.get(API + "model-versions/get?name=edit-model&version=1").status());
        assertEquals("2", version("2").get("version").asText());
    }

    static JsonNode model() {
        return ok(http.get(API + "registered-models/get?name=edit-model")).get("registered_model");
    }

    static JsonNode version(String v) {
        return ok(http.get(API + "model-versions/get?name=edit-model&version=" + v)).get("model_version");
    }

    // ---- read-only credentials ------------------------------------------------------------------

    @Test
    void readOnlyCredentialsSeeTheServersRefusalAndNothingChanges() throws Exception {
        Path authFile = tmp.resolve("auth.txt");
        Files.writeString(authFile, "user reader read " + PasswordHash.hashPassword("r34d".toCharArray()) + "\n"
                + "user writer write " + PasswordHash.hashPassword("wr1te".toCharArray()) + "\n");
        try (ServerProcess secured = ServerProcess.start(tmp.resolve("auth.db"), tmp.resolve("auth-artifacts"),
                ServerProcess.freePort(), List.of(), List.of("--auth-file", authFile.toString()))) {
            Http writer = new Http(port(secured)).withAuthorization(
                    "Basic " + Base64.getEncoder().encodeToString("writer:wr1te".getBytes(StandardCharsets.UTF_8)));
            String runId = run(writer, experiment(writer, "guarded"), "keep-me");

            browser.driver.get("about:blank");
            browser.driver.get(secured.uri().replace("http://", "http://reader:r34d@") + "/#/runs/" + runId);
            waitFor(By.id("run-actions"));
            edit("run-rename", "changed");
            String shown = errorIn("#run-rename");
            assertTrue(shown.contains("PERMISSION_DENIED") && shown.contains("Permission denied"), shown);
            assertEquals("keep-me", textOf("#run-title"), "the page still shows the server's name");

            find("#run-delete").click();
            confirm(true);
            String refused = errorIn("#run-action-status");
            assertTrue(refused.contains("PERMISSION_DENIED"), refused);
            assertFalse(all("#run-delete").isEmpty(), "no restore button: nothing was deleted");

            JsonNode run = getRun(writer, runId);
            assertEquals("keep-me", run.at("/info/run_name").asText());
            assertEquals("active", run.at("/info/lifecycle_stage").asText());
        }
    }
}
