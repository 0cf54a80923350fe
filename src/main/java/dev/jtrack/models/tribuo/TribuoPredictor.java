package dev.jtrack.models.tribuo;

import dev.jtrack.models.LibraryPredictor;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

/**
 * Scores a Tribuo model over a table: every row becomes an example whose features are named after
 * the columns (numbers as they are, booleans 1/0, text {@code v} in column {@code c} as
 * {@code c@v} = 1; missing values are left out). Classification answers {@code label} and one
 * {@code score_<label>} column per class (in label order); regression one column per
 * dimension; other outputs their text form in {@code prediction}.
 *
 * @param <T> the output type
 */
public final class TribuoPredictor<T extends Output<T>> implements LibraryPredictor {
    private static final long serialVersionUID = 1L;
    private final Model<T> model;
    private final OutputKind kind;

    TribuoPredictor(Model<T> model) {
        this.model = model;
        this.kind = OutputKind.of(model.getOutputIDInfo());
    }

    /** The Tribuo model. */
    @Override
    public Model<T> libraryModel() {
        return model;
    }

    /** The columns {@link #predict} answers for {@code model}, in order. */
    static List<String> outputColumns(Model<?> model) {
        ImmutableOutputInfo<?> info = model.getOutputIDInfo();
        List<String> columns = new ArrayList<>();
        switch (OutputKind.of(info)) {
            case LABEL -> {
                List<String> classes = new ArrayList<>();
                for (int id = 0; id < info.size(); id++) classes.add(info.getOutput(id).getSerializableForm(false));
                classes.sort(null);
                columns.add("label");
                classes.forEach(c -> columns.add("score_" + c));
            }
            case REGRESSOR -> columns.addAll(Outputs.dimensions(info));
            case OTHER -> columns.add("prediction");
        }
        return columns;
    }

    @Override
    public Table predict(Table input) {
        List<Example<T>> examples = new ArrayList<>(input.rowCount());
        T unknown = kind.unknown(model.getOutputIDInfo());
        for (int r = 0; r < input.rowCount(); r++) examples.add(example(input, r, unknown));
        List<Prediction<T>> predictions = examples.isEmpty() ? List.of() : model.predict(examples);
        return switch (kind) {
            case LABEL -> OutputKind.labels(model.getOutputIDInfo(), predictions);
            case REGRESSOR -> OutputKind.regression(model.getOutputIDInfo(), predictions);
            case OTHER -> OutputKind.text(predictions);
        };
    }

    private static <T extends Output<T>> Example<T> example(Table input, int row, T unknown) {
        List<String> names = new ArrayList<>(input.columnCount());
        List<Double> values = new ArrayList<>(input.columnCount());
        for (Column<?> c : input.columns()) {
            if (c.isMissing(row)) continue;
            if (c instanceof NumericColumn<?> n) {
                names.add(c.name());
                values.add(n.getDouble(row));
            } else if (c instanceof BooleanColumn b) {
                names.add(c.name());
                values.add(b.get(row) ? 1.0 : 0.0);
            } else {
                names.add(c.name() + "@" + c.getString(row));
                values.add(1.0);
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return new ArrayExample<>(unknown, names.toArray(String[]::new), v);
    }

    /** The output types this predictor knows; the Tribuo modules of the others need not be present. */
    enum OutputKind {
        LABEL, REGRESSOR, OTHER;

        static OutputKind of(ImmutableOutputInfo<?> info) {
            String type = info.size() == 0 ? "" : info.getOutput(info.iterator().next().getA()).getClass().getName();
            if (type.equals("org.tribuo.classification.Label")) return LABEL;
            if (type.startsWith("org.tribuo.regression.Regressor")) return REGRESSOR;
            return OTHER;
        }

        @SuppressWarnings("unchecked")
        <T extends Output<T>> T unknown(ImmutableOutputInfo<T> info) {
            return switch (this) {
                case LABEL -> (T) Outputs.unknownLabel();
                case REGRESSOR -> (T) Outputs.unknownRegressor();
                case OTHER -> info.getOutput(info.iterator().next().getA());
            };
        }

        @SuppressWarnings("unchecked")
        static <T extends Output<T>> Table labels(ImmutableOutputInfo<T> info, List<Prediction<T>> predictions) {
            return Outputs.labels((ImmutableOutputInfo<org.tribuo.classification.Label>) (ImmutableOutputInfo<?>) info,
                    (List<Prediction<org.tribuo.classification.Label>>) (List<?>) predictions);
        }

        @SuppressWarnings("unchecked")
        static <T extends Output<T>> Table regression(ImmutableOutputInfo<T> info, List<Prediction<T>> predictions) {
            return Outputs.regression((ImmutableOutputInfo<org.tribuo.regression.Regressor>) (ImmutableOutputInfo<?>) info,
                    (List<Prediction<org.tribuo.regression.Regressor>>) (List<?>) predictions);
        }

        static <T extends Output<T>> Table text(List<Prediction<T>> predictions) {
            StringColumn out = StringColumn.create("prediction");
            for (Prediction<T> p : predictions) out.append(p.getOutput().getSerializableForm(false));
            return Table.create("predictions", out);
        }
    }

    /** Label and regressor specifics, in a class of their own: linked only when such a model is scored. */
    private static final class Outputs {
        static org.tribuo.classification.Label unknownLabel() {
            return org.tribuo.classification.LabelFactory.UNKNOWN_LABEL;
        }

        static org.tribuo.regression.Regressor unknownRegressor() {
            return org.tribuo.regression.RegressionFactory.UNKNOWN_REGRESSOR;
        }

        static Table labels(ImmutableOutputInfo<org.tribuo.classification.Label> info,
                List<Prediction<org.tribuo.classification.Label>> predictions) {
            StringColumn label = StringColumn.create("label");
            List<String> classes = new ArrayList<>();
            for (int id = 0; id < info.size(); id++) classes.add(info.getOutput(id).getLabel());
            classes.sort(null);
            List<DoubleColumn> scores = new ArrayList<>();
            for (String c : classes) scores.add(DoubleColumn.create("score_" + c));
            for (Prediction<org.tribuo.classification.Label> p : predictions) {
                label.append(p.getOutput().getLabel());
                var byLabel = p.getOutputScores();
                for (int i = 0; i < classes.size(); i++) {
                    org.tribuo.classification.Label s = byLabel.get(classes.get(i));
                    scores.get(i).append(s == null ? Double.NaN : s.getScore());
                }
            }
            Table t = Table.create("predictions", label);
            scores.forEach(t::addColumns);
            return t;
        }

        static List<String> dimensions(ImmutableOutputInfo<?> info) {
            List<String> dims = new ArrayList<>();
            for (int id = 0; id < info.size(); id++) dims.add(((org.tribuo.regression.Regressor) info.getOutput(id)).getNames()[0]);
            return dims;
        }

        static Table regression(ImmutableOutputInfo<org.tribuo.regression.Regressor> info,
                List<Prediction<org.tribuo.regression.Regressor>> predictions) {
            List<String> dims = new ArrayList<>();
            for (int id = 0; id < info.size(); id++) dims.add(info.getOutput(id).getNames()[0]);
            List<DoubleColumn> cols = new ArrayList<>();
            for (String d : dims) cols.add(DoubleColumn.create(d));
            for (Prediction<org.tribuo.regression.Regressor> p : predictions) {
                String[] names = p.getOutput().getNames();
                double[] values = p.getOutput().getValues();
                for (int i = 0; i < dims.size(); i++) {
                    double v = Double.NaN;
                    for (int j = 0; j < names.length; j++) if (names[j].equals(dims.get(i))) v = values[j];
                    cols.get(i).append(v);
                }
            }
            Table t = Table.create("predictions");
            cols.forEach(t::addColumns);
            return t;
        }
    }
}
