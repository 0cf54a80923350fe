package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static dev.jtrack.server.TrackingServerApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.server.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registered-models/* and model-versions/* over raw HTTP, including PATCH/DELETE with JSON bodies. */
class TrackingServerRegistryTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void registeredModelAndVersionLifecycle() {
        JsonNode m = ok(http.post(API + "registered-models/create",
                "{\"name\":\"clf\",\"description\":\"d\",\"tags\":[{\"key\":\"team\",\"value\":\"a\"}]}")).json()
                .path("registered_model");
        assertEquals("clf", m.path("name").asText());
        assertTrue(m.path("creation_timestamp").isIntegralNumber());
        assertError(http.post(API + "registered-models/create", "{\"name\":\"clf\"}"), 400, "RESOURCE_ALREADY_EXISTS");
        assertEquals("d", ok(http.get(API + "registered-models/get?name=clf")).json().path("registered_model")
                .path("description").asText());
        assertEquals("new", ok(http.send("PATCH", API + "registered-models/update", "{\"name\":\"clf\",\"description\":\"new\"}"))
                .json().path("registered_model").path("description").asText());
        ok(http.post(API + "registered-models/set-tag", "{\"name\":\"clf\",\"key\":\"k\",\"value\":\"v\"}"));
        ok(http.send("DELETE", API + "registered-models/delete-tag", "{\"name\":\"clf\",\"key\":\"k\"}"));

        // a run with an artifact to register
        String exp = ok(http.post(API + "experiments/create", "{\"name\":\"reg-exp\"}")).json().path("experiment_id").asText();
        JsonNode info = ok(http.post(API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}")).json().path("run").path("info");
        String runId = info.path("run_id").asText();
        String root = info.path("artifact_uri").asText().substring("mlflow-artifacts:".length()).replaceFirst("^/+", "");
        ok(http.sendBytes("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/MLmodel",
                "flavors: {}".getBytes(StandardCharsets.UTF_8)));

        JsonNode v1 = ok(http.post(API + "model-versions/create", "{\"name\":\"clf\",\"source\":\""
                + info.path("artifact_uri").asText() + "/model\",\"run_id\":\"" + runId + "\"}")).json().path("model_version");
        assertEquals("1", v1.path("version").asText());
        assertEquals("None", v1.path("current_stage").asText());
        assertEquals("READY", v1.path("status").asText());
        ok(http.post(API + "model-versions/create", "{\"name\":\"clf\",\"source\":\"mlflow-artifacts:/x\"}"));

        assertEquals("1", ok(http.get(API + "model-versions/get?name=clf&version=1")).json()
                .path("model_version").path("version").asText());
        assertEquals("vd", ok(http.send("PATCH", API + "model-versions/update",
                "{\"name\":\"clf\",\"version\":\"1\",\"description\":\"vd\"}")).json().path("model_version").path("description").asText());
        JsonNode staged = ok(http.post(API + "model-versions/transition-stage",
                "{\"name\":\"clf\",\"version\":\"1\",\"stage\":\"Production\",\"archive_existing_versions\":false}")).json();
        assertEquals("Production", staged.path("model_version").path("current_stage").asText());
        assertError(http.post(API + "model-versions/transition-stage", "{\"name\":\"clf\",\"version\":\"1\",\"stage\":\"Production\"}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "model-versions/transition-stage",
                "{\"name\":\"clf\",\"version\":\"1\",\"stage\":\"Nowhere\",\"archive_existing_versions\":false}"),
                400, "INVALID_PARAMETER_VALUE");

        JsonNode latest = ok(http.post(API + "registered-models/get-latest-versions",
                "{\"name\":\"clf\",\"stages\":[\"Production\"]}")).json();
        assertEquals("1", latest.path("model_versions").get(0).path("version").asText(), latest.toString());
        assertEquals(latest, ok(http.get(API + "registered-models/get-latest-versions?name=clf&stages=Production")).json());

        ok(http.post(API + "model-versions/set-tag", "{\"name\":\"clf\",\"version\":\"1\",\"key\":\"q\",\"value\":\"ok\"}"));
        ok(http.send("DELETE", API + "model-versions/delete-tag", "{\"name\":\"clf\",\"version\":\"1\",\"key\":\"q\"}"));

        ok(http.post(API + "registered-models/alias", "{\"name\":\"clf\",\"alias\":\"champion\",\"version\":\"1\"}"));
        assertEquals("1", ok(http.get(API + "registered-models/alias?name=clf&alias=champion")).json()
                .path("model_version").path("version").asText());
        JsonNode withAlias = ok(http.get(API + "registered-models/get?name=clf")).json().path("registered_model");
        assertEquals("champion", withAlias.path("aliases").get(0).path("alias").asText(), withAlias.toString());
        ok(http.send("DELETE", API + "registered-models/alias", "{\"name\":\"clf\",\"alias\":\"champion\"}"));
        assertError(http.get(API + "registered-models/alias?name=clf&alias=champion"), 404, "RESOURCE_DOES_NOT_EXIST");

        assertTrue(ok(http.get(API + "model-versions/get-download-uri?name=clf&version=1")).json()
                .path("artifact_uri").asText().endsWith("/model"));
        assertEquals("flavors: {}", ok(http.get("/model-versions/get-artifact?name=clf&version=1&path=MLmodel")).body());
        assertError(http.get("/model-versions/get-artifact?name=clf&version=1&path=../../x"), 400, "INVALID_PARAMETER_VALUE");

        JsonNode models = ok(http.get(API + "registered-models/search?filter=name%20LIKE%20'cl%25'")).json();
        assertEquals(1, models.path("registered_models").size(), models.toString());
        JsonNode versions = ok(http.get(API + "model-versions/search?filter=name%3D'clf'&max_results=10")).json();
        assertEquals(2, versions.path("model_versions").size(), versions.toString());

        ok(http.post(API + "registered-models/rename", "{\"name\":\"clf\",\"new_name\":\"clf2\"}"));
        assertError(http.get(API + "registered-models/get?name=clf"), 404, "RESOURCE_DOES_NOT_EXIST");
        ok(http.send("DELETE", API + "model-versions/delete", "{\"name\":\"clf2\",\"version\":\"2\"}"));
        assertError(http.get(API + "model-versions/get?name=clf2&version=2"), 404, "RESOURCE_DOES_NOT_EXIST");
        ok(http.send("DELETE", API + "registered-models/delete", "{\"name\":\"clf2\"}"));
        assertError(http.get(API + "registered-models/get?name=clf2"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void registryErrors() {
        assertError(http.post(API + "registered-models/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "registered-models/create", "{\"name\":[\"x\"]}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "registered-models/get?name=ghost"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.post(API + "model-versions/create", "{\"name\":\"ghost\",\"source\":\"runs:/r/m\"}"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "registered-models/search?max_results=100000"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.send("DELETE", API + "registered-models/delete", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.send("PATCH", API + "model-versions/update", "{\"name\":\"ghost\",\"version\":\"1\"}"), 404,
                "RESOURCE_DOES_NOT_EXIST");
    }
}
