package dev.jtrack.models.onnx;

import ai.onnxruntime.OrtException;
import dev.jtrack.models.Flavor;
import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.OnnxModel;
import dev.jtrack.models.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loading side of the {@code onnx} flavor, linked against ONNX Runtime. Only ever
 * instantiated by {@code dev.jtrack.models.OnnxFlavor} in a class loader that sees ONNX Runtime;
 * saving needs no ONNX Runtime and is done there.
 */
public final class OnnxRuntimeFlavor implements Flavor {

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof OnnxModel;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) {
        throw new UnsupportedOperationException("ONNX models are saved by dev.jtrack.models.OnnxFlavor");
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        Path file = dir.resolve(String.valueOf(config.getOrDefault("data", "model.onnx"))).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException("onnx model file '" + config.get("data") + "' is missing from the package");
        }
        try {
            return new OnnxPredictor(Files.readAllBytes(file), strings(config.get("input_columns")), strings(config.get("labels")));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Predictor predictor(Object model) {
        OnnxModel m = (OnnxModel) model;
        try {
            return new OnnxPredictor(m.bytes(), m.inputColumns(), m.labels());
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load this model: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object o) {
        List<String> l = new ArrayList<>();
        if (o instanceof List<?> list) list.forEach(x -> l.add(String.valueOf(x)));
        return l;
    }
}
