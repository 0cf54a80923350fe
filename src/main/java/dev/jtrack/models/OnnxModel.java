package dev.jtrack.models;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ONNX model to log with the {@code onnx} flavor: the bytes of a {@code .onnx} file and how
 * table columns map to it. Logging needs no ONNX Runtime; scoring runs it with ONNX Runtime for
 * Java (from the notebook's {@code %maven}, or resolved when the model is loaded).
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.of(Path.of("model.onnx"))
 *         .withInputColumns("sepal_length", "sepal_width", "petal_length", "petal_width")
 *         .withLabels("setosa", "versicolor", "virginica");
 * Models.get().logModel(Tracking.run(), m, "onnx-model", example);
 * }</pre>
 *
 * <p>Scoring: a model with one 2-D input {@code [batch, k]} gets the input columns in order (all
 * numeric columns when none are given); a model with several inputs gets each from the column of
 * its name. Each 1-D output becomes a column of its name, each 2-D output {@code name_0...}; with
 * labels, the first 2-D output with one value per label becomes {@code label} (the best) and
 * {@code score_<label>} columns (in label order).
 */
public final class OnnxModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private final List<String> inputColumns;
    private final List<String> labels;

    private OnnxModel(byte[] bytes, List<String> inputColumns, List<String> labels) {
        if (bytes == null || bytes.length == 0) throw new IllegalArgumentException("An ONNX model needs the bytes of a .onnx file");
        this.bytes = bytes;
        this.inputColumns = List.copyOf(inputColumns);
        this.labels = List.copyOf(labels);
    }

    /** The model in {@code file}. */
    public static OnnxModel of(Path file) {
        try {
            return new OnnxModel(Files.readAllBytes(file), List.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /** The model serialized in {@code bytes} (e.g. an exporter's output). */
    public static OnnxModel of(byte[] bytes) {
        return new OnnxModel(bytes == null ? null : bytes.clone(), List.of(), List.of());
    }

    /** This model, fed from these columns (in order) when it has one 2-D input. */
    public OnnxModel withInputColumns(String... columns) {
        return new OnnxModel(bytes, List.of(columns), labels);
    }

    /** This model, whose scores output has one value per class in this order. */
    public OnnxModel withLabels(String... classLabels) {
        return new OnnxModel(bytes, inputColumns, List.of(classLabels));
    }

    /** A copy of the model's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The input columns, or empty for all numeric columns in order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The class labels, or empty. */
    public List<String> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "OnnxModel[" + bytes.length + " bytes" + (inputColumns.isEmpty() ? "" : ", inputs " + inputColumns)
                + (labels.isEmpty() ? "" : ", labels " + labels) + "]";
    }
}
