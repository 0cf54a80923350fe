import dev.jtrack.models.LinearClassifier;
import dev.jtrack.models.LoggedModel;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Logs a nearest-centroid classifier of the Iris data (as ModelsServeIT does), registers it as
 * NAME with the alias champion, and stores the training features' reference profile with it.
 * Usage: java -cp jtrack.jar TrainIris.java TRACKING_URI IRIS_CSV NAME JOURNAL_DIR
 */
public class TrainIris {
    public static void main(String[] args) throws Exception {
        Table iris = Table.read().csv(args[1]);
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
        Table x = iris.selectColumns(features.toArray(String[]::new));
        try (TrackingClient client = TrackingClient.builder().trackingUri(args[0]).journalDir(Path.of(args[3])).build()) {
            Models models = Models.of(client);
            String version;
            try (ActiveRun run = client.startRun("train iris")) {
                LoggedModel logged = models.logModel(run, new LinearClassifier(features, labels, w, b), "model", x.first(3));
                version = models.registerModel(logged.modelUri(), args[2]).version();
            }
            models.setAlias(args[2], "champion", version);
            models.logReference("models:/" + args[2] + "/" + version, x);
            System.out.println("registered " + args[2] + " version " + version);
        }
    }
}
