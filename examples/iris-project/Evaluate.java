import dev.jtrack.models.LoadedModel;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Tracking;
import java.nio.file.Path;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The evaluate step: scores the train step's model on the prepare step's test split and logs
 * test_accuracy into the run jtrack created for this step (MLFLOW_RUN_ID). Parameters arrive as
 * arguments (--name value) and as jtrack.param.NAME system properties.
 */
public class Evaluate {
    public static void main(String[] args) {
        Path data = Path.of(System.getProperty("jtrack.param.data"));
        String modelRun = System.getProperty("jtrack.param.modelRun");
        double minAccuracy = Double.parseDouble(System.getProperty("jtrack.param.minAccuracy"));

        ActiveRun run = Tracking.client().resumeRun(System.getenv("MLFLOW_RUN_ID"), Map.of());
        Table test = Table.read().csv(data.resolve("data/test.csv").toFile());
        // the train step tagged its run with the logged model's URI (models:/<id> on MLflow 3 stores)
        String modelUri = Tracking.client().store().getRun(modelRun).data().tags().stream()
                .filter(t -> t.key().equals("model_uri")).map(t -> t.value()).findFirst()
                .orElse("runs:/" + modelRun + "/iris-classifier");
        LoadedModel model = Models.get().load(modelUri);
        Table scored = model.predict(test.selectColumns("sepal_length", "sepal_width", "petal_length", "petal_width"));
        int correct = 0;
        for (int i = 0; i < test.rowCount(); i++) {
            if (scored.stringColumn(0).get(i).equals(test.stringColumn("species").get(i))) {
                correct++;
            }
        }
        double accuracy = (double) correct / test.rowCount();
        run.logMetric("test_accuracy", accuracy);
        Tracking.flush(java.time.Duration.ofSeconds(60)); // delivered before the JVM exits, not left in the journal
        System.out.printf("test accuracy %.3f on %d rows (model of run %s)%n", accuracy, test.rowCount(), modelRun);
        if (accuracy < minAccuracy) {
            System.err.println("test accuracy " + accuracy + " is below minAccuracy " + minAccuracy);
            System.exit(1);
        }
    }
}
