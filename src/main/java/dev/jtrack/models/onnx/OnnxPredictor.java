package dev.jtrack.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.jtrack.models.LibraryPredictor;
import dev.jtrack.models.OnnxModel;
import java.lang.reflect.Array;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

/**
 * Scores an ONNX model with ONNX Runtime over a table (mapping as documented on
 * {@code dev.jtrack.models.OnnxModel}). One session, shared by all threads (ONNX Runtime's
 * {@code run} is thread-safe). Not serializable in practice: the session is native.
 */
public final class OnnxPredictor implements LibraryPredictor {
    private static final long serialVersionUID = 1L;
    private final transient OrtEnvironment env;
    private final transient OrtSession session;
    private final List<String> inputColumns;
    private final List<String> labels;
    private final OnnxModel model;

    OnnxPredictor(byte[] model, List<String> inputColumns, List<String> labels) throws OrtException {
        this.model = OnnxModel.of(model).withInputColumns(inputColumns.toArray(String[]::new))
                .withLabels(labels.toArray(String[]::new));
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the scoring server runs many requests at once: one thread per run scales better than
            // every run spreading over all cores (and it is what small models need)
            options.setIntraOpNumThreads(1);
            this.session = env.createSession(model, options);
        }
        this.inputColumns = List.copyOf(inputColumns);
        this.labels = List.copyOf(labels);
    }

    /** The ONNX model this predictor runs. */
    @Override
    public OnnxModel libraryModel() {
        return model;
    }

    @Override
    public Table predict(Table input) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() == 1 && tensorInfo(inputs.values().iterator().next()).getShape().length == 2) {
                Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
                tensors.put(in.getKey(), matrix(input, tensorInfo(in.getValue())));
            } else {
                for (Map.Entry<String, NodeInfo> in : inputs.entrySet()) {
                    tensors.put(in.getKey(), column(input, in.getKey(), tensorInfo(in.getValue())));
                }
            }
            try (OrtSession.Result result = session.run(tensors)) {
                return outputs(result, input.rowCount());
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime: " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static TensorInfo tensorInfo(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo t) return t;
        throw new IllegalStateException("ONNX input " + node.getName() + " is not a tensor (" + node.getInfo() + ")");
    }

    /** One {@code [rows, k]} input from the input columns (or all numeric columns) in order. */
    private OnnxTensor matrix(Table input, TensorInfo info) throws OrtException {
        List<String> names = inputColumns;
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (Column<?> c : input.columns()) if (c instanceof NumericColumn<?>) names.add(c.name());
        }
        long width = info.getShape()[1];
        if (width > 0 && width != names.size()) {
            throw new IllegalArgumentException("The model takes " + width + " values per row; got " + names.size()
                    + " columns " + names + (inputColumns.isEmpty() ? " (all numeric columns of the input)" : ""));
        }
        int rows = input.rowCount();
        int k = names.size();
        List<NumericColumn<?>> cols = new ArrayList<>();
        for (String n : names) cols.add(numbers(input, n));
        long[] shape = {rows, k};
        if (info.type == OnnxJavaType.FLOAT) {
            FloatBuffer b = FloatBuffer.allocate(rows * k);
            for (int r = 0; r < rows; r++) for (NumericColumn<?> c : cols) b.put((float) c.getDouble(r));
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        if (info.type == OnnxJavaType.DOUBLE) {
            DoubleBuffer b = DoubleBuffer.allocate(rows * k);
            for (int r = 0; r < rows; r++) for (NumericColumn<?> c : cols) b.put(c.getDouble(r));
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        throw new IllegalStateException("Unsupported ONNX input type " + info.type + " for a [rows, k] input");
    }

    /** One input of shape {@code [rows]} or {@code [rows, 1]} from the column of its name. */
    private OnnxTensor column(Table input, String name, TensorInfo info) throws OrtException {
        int rows = input.rowCount();
        long[] shape = info.getShape().length == 2 ? new long[] {rows, 1} : new long[] {rows};
        if (info.type == OnnxJavaType.STRING) {
            if (!input.columnNames().contains(name)) throw missing(input, name);
            String[] values = new String[rows];
            for (int r = 0; r < rows; r++) values[r] = input.column(name).getString(r);
            return OnnxTensor.createTensor(env, values, shape);
        }
        NumericColumn<?> c = numbers(input, name);
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = FloatBuffer.allocate(rows);
                for (int r = 0; r < rows; r++) b.put((float) c.getDouble(r));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case DOUBLE -> {
                DoubleBuffer b = DoubleBuffer.allocate(rows);
                for (int r = 0; r < rows; r++) b.put(c.getDouble(r));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT64 -> {
                LongBuffer b = LongBuffer.allocate(rows);
                for (int r = 0; r < rows; r++) b.put((long) c.getDouble(r));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT32 -> {
                IntBuffer b = IntBuffer.allocate(rows);
                for (int r = 0; r < rows; r++) b.put((int) c.getDouble(r));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            default -> throw new IllegalStateException("Unsupported ONNX input type " + info.type + " of " + name);
        }
    }

    private static NumericColumn<?> numbers(Table input, String name) {
        if (!input.columnNames().contains(name)) throw missing(input, name);
        if (input.column(name) instanceof NumericColumn<?> n) {
            for (int r = 0; r < n.size(); r++) {
                if (n.isMissing(r)) throw new IllegalArgumentException("Column " + name + " has a missing value in row " + r);
            }
            return n;
        }
        throw new IllegalArgumentException("Column " + name + " must be numeric for this ONNX model, not " + input.column(name).type());
    }

    private static IllegalArgumentException missing(Table input, String name) {
        return new IllegalArgumentException("The ONNX model needs column '" + name + "'; the input has " + input.columnNames());
    }

    private Table outputs(OrtSession.Result result, int rows) throws OrtException {
        Table out = Table.create("predictions");
        boolean labelled = false;
        for (Map.Entry<String, OnnxValue> e : result) {
            if (!(e.getValue() instanceof OnnxTensor t)) {
                throw new IllegalStateException("ONNX output " + e.getKey() + " is a " + e.getValue().getType()
                        + "; only tensor outputs can be scored");
            }
            Object value = t.getValue();
            if (value.getClass().isArray() && Array.getLength(value) == rows && rows > 0
                    && Array.get(value, 0) != null && Array.get(value, 0).getClass().isArray()) {
                int k = Array.getLength(Array.get(value, 0));
                if (!labelled && k == labels.size()) {
                    labelled = true;
                    addLabels(out, value, rows);
                } else {
                    for (int j = 0; j < k; j++) out.addColumns(columnOf(e.getKey() + "_" + j, value, rows, j));
                }
            } else if (value.getClass().isArray()) {
                out.addColumns(columnOf(e.getKey(), value, rows, -1));
            } else {
                throw new IllegalStateException("ONNX output " + e.getKey() + " is a scalar, not one value per row");
            }
        }
        return out;
    }

    private void addLabels(Table out, Object scores, int rows) {
        StringColumn label = StringColumn.create("label");
        List<DoubleColumn> cols = new ArrayList<>();
        for (String l : labels) cols.add(DoubleColumn.create("score_" + l));
        for (int r = 0; r < rows; r++) {
            Object row = Array.get(scores, r);
            int best = 0;
            for (int j = 0; j < labels.size(); j++) {
                double s = ((Number) Array.get(row, j)).doubleValue();
                cols.get(j).append(s);
                if (s > ((Number) Array.get(row, best)).doubleValue()) best = j;
            }
            label.append(labels.get(best));
        }
        out.addColumns(label);
        cols.sort(java.util.Comparator.comparing(DoubleColumn::name)); // label order, as the tribuo flavor answers
        cols.forEach(out::addColumns);
    }

    /** Column {@code j} of a {@code [rows, k]} array, or the whole {@code [rows]} array when j is -1. */
    private static Column<?> columnOf(String name, Object array, int rows, int j) {
        Object first = rows == 0 ? null : (j < 0 ? Array.get(array, 0) : Array.get(Array.get(array, 0), j));
        if (first instanceof String || (first == null && array instanceof String[])) {
            StringColumn c = StringColumn.create(name);
            for (int r = 0; r < rows; r++) c.append((String) at(array, r, j));
            return c;
        }
        if (first instanceof Boolean) {
            BooleanColumn c = BooleanColumn.create(name);
            for (int r = 0; r < rows; r++) c.append((Boolean) at(array, r, j));
            return c;
        }
        if (first instanceof Long || first instanceof Integer) {
            LongColumn c = LongColumn.create(name);
            for (int r = 0; r < rows; r++) c.append(((Number) at(array, r, j)).longValue());
            return c;
        }
        DoubleColumn c = DoubleColumn.create(name);
        for (int r = 0; r < rows; r++) c.append(((Number) at(array, r, j)).doubleValue());
        return c;
    }

    private static Object at(Object array, int r, int j) {
        return j < 0 ? Array.get(array, r) : Array.get(Array.get(array, r), j);
    }
}
