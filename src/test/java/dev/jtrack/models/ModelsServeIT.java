package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.rest.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@code java -jar jtrack.jar models serve -m models:/iris@champion}: a classifier trained on the
 * shipped Iris data is logged, registered and aliased in a SQLite store, then the built jar serves
 * it and every JSON payload form and CSV are scored over loopback HTTP.
 */
class ModelsServeIT {
    @TempDir
    Path dir;

    /** A nearest-centroid classifier of the Iris data, as a linear model (w = c, b = -|c|^2/2). */
    static LinearClassifier irisModel(Table iris) {
        List<String> features = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        List<String> labels = List.of("setosa", "versicolor", "virginica");
        double[][] w = new double[3][4];
        double[] b = new double[3];
        for (int k = 0; k < 3; k++) {
            Table cls = iris.where(iris.stringColumn("species").isEqualTo(labels.get(k)));
            for (int j = 0; j < 4; j++) {
                w[k][j] = cls.numberColumn(features.get(j)).mean();
                b[k] -= w[k][j] * w[k][j] / 2;
            }
        }
        return new LinearClassifier(features, labels, w, b);
    }

    @Test
    void servesARegisteredModelOverHttp() throws Exception {
        Table iris = Table.read().csv("notebooks/data/iris.csv");
        String store = dir.resolve("store").toString();
        try (TrackingClient client = TrackingClient.builder().trackingUri(store).journalDir(dir.resolve("journal")).build();
                ActiveRun run = client.startRun("iris")) {
            Models models = Models.of(client);
            LoggedModel logged = models.logModel(run, irisModel(iris), "model",
                    iris.selectColumns("sepal_length", "sepal_width", "petal_length", "petal_width").first(3));
            models.setAlias("iris", "champion", models.registerModel(logged.modelUri(), "iris").version());
        }
        try (ServerProcess p = ServerProcess.startModelServer("models:/iris@champion", store)) {
            String base = p.uri();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String expected = "{\"predictions\":[\"setosa\",\"versicolor\",\"virginica\"]}";
            String[][] bodies = {
                {"application/json", "{\"dataframe_split\": {\"columns\": [\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"],"
                        + " \"data\": [[5.1,3.5,1.4,0.2],[6.4,3.2,4.5,1.5],[7.7,3.0,6.1,2.3]]}}"},
                {"application/json", "{\"dataframe_records\": [{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2},"
                        + "{\"sepal_length\":6.4,\"sepal_width\":3.2,\"petal_length\":4.5,\"petal_width\":1.5},"
                        + "{\"sepal_length\":7.7,\"sepal_width\":3.0,\"petal_length\":6.1,\"petal_width\":2.3}]}"},
                {"application/json", "{\"instances\": [[5.1,3.5,1.4,0.2],[6.4,3.2,4.5,1.5],[7.7,3.0,6.1,2.3]]}"},
                {"application/json", "{\"inputs\": {\"sepal_length\":[5.1,6.4,7.7],\"sepal_width\":[3.5,3.2,3.0],"
                        + "\"petal_length\":[1.4,4.5,6.1],\"petal_width\":[0.2,1.5,2.3]}}"},
                {"text/csv", "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3\n"},
            };
            for (String[] b : bodies) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
                        .header("Content-Type", b[0]).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(b[1])).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), b[1] + " -> " + r.body());
                assertEquals(expected, r.body(), b[1]);
            }
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1]]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("BAD_REQUEST"), bad.body());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertTrue(Files.exists(dir.resolve("store")));
    }
}
