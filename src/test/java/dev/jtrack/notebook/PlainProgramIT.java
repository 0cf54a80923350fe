package dev.jtrack.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.BuiltJar;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.ViewType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Java program run with the built jar on its classpath and configured only through
 * MLflow's environment variables: the run it leaves active is ended FINISHED and its records are
 * delivered by the exit hook.
 */
class PlainProgramIT {

    @TempDir
    Path dir;

    private static final String PROGRAM = String.join("\n",
            "import dev.jtrack.notebook.*;",
            "import java.util.Map;",
            "public class Train {",
            "  public static void main(String[] args) throws Exception {",
            "    try (ActiveRun run = Tracking.startRun(\"explicit\")) {",
            "      run.logParams(Map.of(\"lr\", 0.1, \"epochs\", 5));",
            "      for (int epoch = 0; epoch < 5; epoch++) run.logMetric(\"loss\", 1.0 / (epoch + 1), epoch);",
            "      run.logText(\"model v1\", \"model/README.txt\");",
            "    }",
            "    Tracking.logMetric(\"accuracy\", 0.9);  // starts a run, never ended by the program",
            "    System.out.println(\"done \" + Tracking.trackingUri());",
            "  }",
            "}");

    @Test
    void environmentConfiguredProgramIsRecordedAndItsOpenRunEndsAtExit() throws Exception {
        String jar = BuiltJar.path().toString();
        Path source = Files.writeString(dir.resolve("Train.java"), PROGRAM);
        Path store = dir.resolve("store");
        String java = BuiltJar.java().toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", jar, source.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("MLFLOW_TRACKING_URI", store.toString());
        pb.environment().put("MLFLOW_EXPERIMENT_NAME", "from-env");
        pb.environment().put("JTRACK_JOURNAL_DIR", dir.resolve("journal").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "program finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done sqlite:///" + store.resolve("mlflow.db")), out);

        try (SqlStores stores = SqlStores.open(StoreUri.resolve(store.toString()), null)) {
            Experiment exp = stores.tracking().getExperimentByName("from-env");
            List<Run> runs = stores.tracking().searchRuns(List.of(exp.experimentId()), null, ViewType.ALL, 10, null, null)
                    .items();
            assertEquals(2, runs.size());
            for (Run r : runs) {
                assertEquals(RunStatus.FINISHED, r.info().status(), r.info().runName());
            }
            Run explicit = runs.stream().filter(r -> r.info().runName().equals("explicit")).findFirst().orElseThrow();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), stores.tracking()
                    .getMetricHistory(explicit.info().runId(), "loss", null, null).items().stream().map(Metric::step).toList());
            assertEquals("Train", explicit.data().tags().stream().filter(t -> t.key().equals("mlflow.source.name"))
                    .findFirst().orElseThrow().value().replaceAll(".*[/\\\\]", "").replace(".java", ""));
            assertEquals("model v1", Files.readString(Path.of(URI.create(explicit.info().artifactUri()))
                    .resolve("model/README.txt")));
        }
        assertEquals(0, count(dir.resolve("journal")), "everything delivered at exit");
    }

    private static long count(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }
}
