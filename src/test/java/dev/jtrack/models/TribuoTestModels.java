package dev.jtrack.models;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import tech.tablesaw.api.Table;

/** Small Tribuo models trained on the data sets shipped in notebooks/data, for the flavor tests. */
final class TribuoTestModels {
    static final List<String> IRIS_FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    static final List<String> HOUSE_FEATURES = List.of("size_m2", "rooms", "age_years");

    /** Tribuo logs every 1000 SGD steps at INFO: keep the build log readable (held: loggers are weakly referenced). */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private TribuoTestModels() {}

    static Table iris() {
        return Table.read().csv(Path.of("notebooks/data/iris.csv").toString());
    }

    static Table houses() {
        return Table.read().csv(Path.of("notebooks/data/houses.csv").toString());
    }

    /** A logistic-regression classifier of the Iris species. */
    static Model<Label> irisClassifier() {
        Table iris = iris();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = dataset(iris, IRIS_FEATURES, factory);
        for (int r = 0; r < iris.rowCount(); r++) {
            data.add(example(iris, r, IRIS_FEATURES, new Label(iris.stringColumn("species").get(r))));
        }
        return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), 60, 1L)
                .train(data);
    }

    /** A linear regression of the house prices. */
    static Model<Regressor> housePrices() {
        Table houses = houses();
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = dataset(houses, HOUSE_FEATURES, factory);
        for (int r = 0; r < houses.rowCount(); r++) {
            data.add(example(houses, r, HOUSE_FEATURES, new Regressor("price_k", houses.numberColumn("price_k").getDouble(r))));
        }
        return new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5, 0.1), 60, 1L)
                .train(data);
    }

    private static <T extends Output<T>> MutableDataset<T> dataset(Table t, List<String> features, OutputFactory<T> factory) {
        return new MutableDataset<>(new SimpleDataSourceProvenance(t.name(), OffsetDateTime.parse("2026-01-01T00:00:00Z"),
                factory), factory);
    }

    static <T extends Output<T>> ArrayExample<T> example(Table t, int row, List<String> features, T output) {
        double[] v = new double[features.size()];
        for (int j = 0; j < v.length; j++) v[j] = t.numberColumn(features.get(j)).getDouble(row);
        return new ArrayExample<>(output, features.toArray(String[]::new), v);
    }

    /** Tribuo's own predictions for every row of {@code t}. */
    static <T extends Output<T>> List<Prediction<T>> predict(Model<T> model, Table t, List<String> features, T unknown) {
        List<org.tribuo.Example<T>> examples = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) examples.add(example(t, r, features, unknown));
        return model.predict(examples);
    }

    /** A class loader that does not see classes under {@code prefixes} (as a JVM without those libraries). */
    static ClassLoader hiding(String... prefixes) {
        return new ClassLoader("hiding", TribuoTestModels.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                for (String p : prefixes) if (name.startsWith(p)) throw new ClassNotFoundException(name);
                return super.loadClass(name, resolve);
            }
        };
    }
}
