package dev.jtrack.models.xgboost;

import dev.jtrack.models.Predictor;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Scores a table with a {@link Booster}: the feature columns by the booster's feature names (every
 * numeric column in order when it has none; missing cells are XGBoost's missing value), the answer
 * a {@code prediction} column, or {@code prediction_<k>} per output when there are several.
 */
public final class XGBoostPredictor implements Predictor {
    private static final long serialVersionUID = 1L;
    private final Booster booster;

    /** Scores with {@code booster}. */
    public XGBoostPredictor(Booster booster) {
        this.booster = booster;
    }

    /** The booster this predictor scores with. */
    public Booster booster() {
        return booster;
    }

    @Override
    public Table predict(Table input) {
        try {
            List<NumberColumn<?, ?>> columns = features(input);
            int rows = input.rowCount();
            int cols = columns.size();
            float[] data = new float[rows * cols];
            for (int c = 0; c < cols; c++) {
                NumberColumn<?, ?> column = columns.get(c);
                for (int r = 0; r < rows; r++) {
                    data[r * cols + c] = column.isMissing(r) ? Float.NaN : (float) column.getDouble(r);
                }
            }
            DMatrix matrix = new DMatrix(data, rows, cols, Float.NaN);
            float[][] predictions;
            try {
                predictions = booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
            return answer(predictions, rows);
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("XGBoost cannot score this input: " + e.getMessage(), e);
        }
    }

    private List<NumberColumn<?, ?>> features(Table input) throws XGBoostError {
        String[] names = featureNames(booster);
        List<NumberColumn<?, ?>> columns = new ArrayList<>();
        if (names.length > 0) {
            for (String name : names) {
                if (!input.containsColumn(name)) {
                    throw new IllegalArgumentException("The input has no column '" + name + "' (the model's features: " + List.of(names) + ")");
                }
                columns.add(numeric(input.column(name)));
            }
        } else {
            for (Column<?> c : input.columns()) {
                if (c instanceof NumberColumn<?, ?> n) columns.add(n);
            }
        }
        long expected = booster.getNumFeature();
        if (columns.size() != expected) {
            throw new IllegalArgumentException("The model takes " + expected + " features, the input has " + columns.size() + " numeric columns");
        }
        return columns;
    }

    /** The booster's feature names; empty when it has none (XGBoost answers nulls then). */
    static String[] featureNames(Booster booster) throws XGBoostError {
        String[] names = booster.getFeatureNames();
        if (names == null) return new String[0];
        for (String n : names) {
            if (n == null || n.isEmpty()) return new String[0];
        }
        return names;
    }

    private static NumberColumn<?, ?> numeric(Column<?> c) {
        if (c instanceof NumberColumn<?, ?> n) return n;
        throw new IllegalArgumentException("Feature column '" + c.name() + "' is not numeric (" + c.type() + ")");
    }

    private static Table answer(float[][] predictions, int rows) {
        int outputs = rows == 0 ? 1 : predictions[0].length;
        Table out = Table.create("predictions");
        for (int k = 0; k < outputs; k++) {
            double[] values = new double[rows];
            for (int r = 0; r < rows; r++) values[r] = predictions[r][k];
            out.addColumns(DoubleColumn.create(outputs == 1 ? "prediction" : "prediction_" + k, values));
        }
        return out;
    }
}
