package dev.jtrack.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.ViewType;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A plain Java program's use of the API against the embedded SQLite store in a temp directory. */
class TrackingClientTest {

    @TempDir
    Path dir;

    private TrackingClient client() {
        return TrackingClient.builder()
                .trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal"))
                .experiment("plain-java")
                .build();
    }

    private SqlStores reopen() {
        return SqlStores.open(StoreUri.resolve(dir.resolve("store").toString()), null);
    }

    @Test
    void tryWithResourcesRecordsEverythingAndFinishes() throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "hello");
        Path tree = Files.createDirectories(dir.resolve("model"));
        Files.writeString(tree.resolve("weights.bin"), "w");
        Files.createDirectories(tree.resolve("meta"));
        Files.writeString(tree.resolve("meta/info.json"), "{}");
        Table table = Table.create("t", StringColumn.create("name", "a", "b"), DoubleColumn.create("score", 1.5, 2.5));
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        String childKey;
        try (TrackingClient client = client()) {
            try (ActiveRun run = client.startRun("train")) {
                run.logParam("lr", 0.01).logParams(Map.of("epochs", 3, "model", "logreg"));
                for (int step = 0; step < 3; step++) {
                    run.logMetric("loss", 1.0 / (step + 1), step);
                }
                run.logMetrics(Map.of("acc", 0.9, "f1", 0.8), 2);
                run.logMetric("nan", Double.NaN, 0, 1234L);
                run.setTag("stage", "dev").setTags(Map.of("team", "ml"));
                run.logArtifact(data).logArtifact(data, "inputs").logArtifact(tree, "saved");
                run.logText("# notes", "notes/readme.md");
                run.logTable(table, "tables/scores.csv");
                run.logImage(image, "plots/img.png");
                run.logBytes(new byte[] {1, 2, 3}, "raw.bin");
                try (ActiveRun child = run.startChildRun("fold-1")) {
                    child.logMetric("loss", 0.5);
                    childKey = child.key();
                }
                assertEquals(run, client.activeRun().orElseThrow());
                // parameters are immutable, as in MLflow; the same value again is fine
                run.logParam("lr", 0.01);
                assertThrows(MlflowException.class, () -> run.logParam("lr", 0.02));
                assertThrows(MlflowException.class, () -> run.logMetric("bad key!", 1));
            }
            assertTrue(client.activeRun().isEmpty());
            assertTrue(client.flush(Duration.ofSeconds(30)), "flush");
            assertEquals(0, client.failedRecords());
        }
        try (SqlStores stores = reopen()) {
            var store = stores.tracking();
            Experiment exp = store.getExperimentByName("plain-java");
            List<Run> runs = store.searchRuns(List.of(exp.experimentId()), null, ViewType.ALL, 10, null, null).items();
            assertEquals(2, runs.size());
            Run run = runs.stream().filter(r -> r.info().runName().equals("train")).findFirst().orElseThrow();
            Run child = runs.stream().filter(r -> r.info().runName().equals("fold-1")).findFirst().orElseThrow();
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(RunStatus.FINISHED, child.info().status());
            assertEquals(run.info().runId(), tag(child, "mlflow.parentRunId"));
            assertEquals(childKey, tag(child, "jtrack.runKey"));
            assertEquals(List.of(new Param("epochs", "3"), new Param("lr", "0.01"), new Param("model", "logreg")),
                    run.data().params().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList());
            assertEquals("dev", tag(run, "stage"));
            assertEquals("ml", tag(run, "team"));
            assertEquals("LOCAL", tag(run, "mlflow.source.type"));
            assertEquals(System.getProperty("user.name"), run.info().userId());
            List<Metric> loss = store.getMetricHistory(run.info().runId(), "loss", null, null).items();
            assertEquals(List.of(0L, 1L, 2L), loss.stream().map(Metric::step).toList());
            assertEquals(List.of(1.0, 0.5, 1.0 / 3), loss.stream().map(Metric::value).toList());
            Metric nan = store.getMetricHistory(run.info().runId(), "nan", null, null).items().get(0);
            assertTrue(Double.isNaN(nan.value()));
            assertEquals(1234L, nan.timestamp());

            Path artifacts = Path.of(URI.create(run.info().artifactUri()));
            assertEquals("hello", Files.readString(artifacts.resolve("data.txt")));
            assertEquals("hello", Files.readString(artifacts.resolve("inputs/data.txt")));
            assertEquals("w", Files.readString(artifacts.resolve("saved/model/weights.bin")));
            assertEquals("{}", Files.readString(artifacts.resolve("saved/model/meta/info.json")));
            assertEquals("# notes", Files.readString(artifacts.resolve("notes/readme.md")));
            assertEquals(List.of("name,score", "a,1.5", "b,2.5"), Files.readAllLines(artifacts.resolve("tables/scores.csv")));
            BufferedImage back = ImageIO.read(artifacts.resolve("plots/img.png").toFile());
            assertEquals(4, back.getWidth());
            assertEquals(3, back.getHeight());
            assertEquals(3, Files.size(artifacts.resolve("raw.bin")));
        }
        // a cleanly closed session with everything delivered leaves no journal behind
        try (var left = Files.list(dir.resolve("journal"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void endedRunRefusesMoreAndEndIsIdempotent() {
        try (TrackingClient client = client()) {
            ActiveRun run = client.startRun(null);
            run.end(RunStatus.FAILED);
            run.end(RunStatus.FINISHED);
            run.close();
            assertEquals(RunStatus.FAILED, run.status());
            assertFalse(run.isActive());
            assertThrows(IllegalStateException.class, () -> run.logMetric("x", 1));
            String id = run.awaitRunId(Duration.ofSeconds(30));
            assertTrue(client.flush(Duration.ofSeconds(30)));
            Run stored = client.store().getRun(id);
            assertEquals(RunStatus.FAILED, stored.info().status());
            assertFalse(stored.info().runName().isBlank(), "the store generated a name");
        }
    }

    @Test
    void endingAParentEndsItsActiveChildrenFirst() {
        try (TrackingClient client = client()) {
            ActiveRun parent = client.startRun("parent");
            ActiveRun child = client.startRun("child", Map.of("k", "v"));
            assertEquals(parent, child.parent().orElseThrow());
            ActiveRun grandChild = child.startChildRun("grand-child");
            parent.end(RunStatus.KILLED);
            assertEquals(RunStatus.KILLED, child.status());
            assertEquals(RunStatus.KILLED, grandChild.status());
            assertTrue(client.activeRun().isEmpty());
            assertTrue(client.flush(Duration.ofSeconds(30)));
            Run c = client.store().getRun(child.runId().orElseThrow());
            assertEquals(RunStatus.KILLED, c.info().status());
            assertEquals("v", tag(c, "k"));
            assertEquals(parent.runId().orElseThrow(), tag(c, "mlflow.parentRunId"));
        }
    }

    @Test
    void manyMetricsAtOnceAreSplitWithinBatchLimits() {
        try (TrackingClient client = client()) {
            ActiveRun run = client.startRun("wide");
            Map<String, Double> wide = new LinkedHashMap<>();
            for (int i = 0; i < 2500; i++) {
                wide.put("m" + i, (double) i);
            }
            run.logMetrics(wide, 7);
            Map<String, Integer> params = new LinkedHashMap<>();
            for (int i = 0; i < 250; i++) {
                params.put("p" + i, i);
            }
            run.logParams(params);
            run.end();
            assertTrue(client.flush(Duration.ofSeconds(60)));
            Run stored = client.store().getRun(run.runId().orElseThrow());
            assertEquals(2500, stored.data().metrics().size());
            assertEquals(250, stored.data().params().size());
            assertEquals(0, client.failedRecords());
        }
    }

    @Test
    void malformedTrackingUriFailsAtOnce() {
        assertThrows(MlflowException.class, () -> TrackingClient.builder().trackingUri("ftp://nowhere/x")
                .journalDir(dir.resolve("journal")).build());
    }

    private static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(RunTag::value).findFirst().orElse(null);
    }
}
