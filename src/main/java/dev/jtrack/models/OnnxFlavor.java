package dev.jtrack.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code onnx} flavor: an {@link OnnxModel} stored as {@code model.onnx} (the key {@code data}
 * as MLflow's ONNX flavor writes it), its column mapping ({@code input_columns}, {@code labels})
 * and ONNX Runtime's coordinates as {@code java_dependencies}. Saving needs no ONNX Runtime;
 * loading returns a {@link Predictor} run by ONNX Runtime for Java, from the loader's class path
 * or resolved from {@code java_dependencies} (see {@link LibraryBinding}).
 */
public final class OnnxFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "onnx";
    /** The model file in a package. */
    public static final String DATA = "model.onnx";
    /** The ONNX Runtime recorded when none is on the class path while logging. */
    public static final String DEFAULT_ONNXRUNTIME = "com.microsoft.onnxruntime:onnxruntime:1.20.0";
    /** MLflow's generic Python flavor, which {@link #companionFlavors} writes. */
    public static final String PYTHON_FUNCTION = "python_function";
    static final LibraryBinding BINDING =
            new LibraryBinding("ONNX Runtime", "ai.onnxruntime.OrtEnvironment", "dev.jtrack.models.onnx.OnnxRuntimeFlavor");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof OnnxModel;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        if (!(model instanceof OnnxModel m)) {
            throw new IllegalArgumentException("The onnx flavor saves an OnnxModel, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        Files.write(dir.resolve(DATA), m.bytes());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", DATA);
        config.put("providers", List.of("CPUExecutionProvider"));
        if (!m.inputColumns().isEmpty()) config.put("input_columns", m.inputColumns());
        if (!m.labels().isEmpty()) config.put("labels", m.labels());
        config.put(JavaDependencies.KEY, List.of(onnxRuntimeCoordinates()));
        return config;
    }

    /**
     * MLflow's {@code python_function} block for the same file, so Python's
     * {@code mlflow.pyfunc.load_model} scores the model with {@code mlflow.onnx} (and onnxruntime).
     */
    @Override
    public Map<String, Map<String, Object>> companionFlavors(Map<String, Object> config) {
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("loader_module", "mlflow.onnx");
        pyfunc.put("data", config.getOrDefault("data", DATA));
        return Map.of(PYTHON_FUNCTION, pyfunc);
    }

    /** The ONNX Runtime this thread's code sees, else {@link #DEFAULT_ONNXRUNTIME}. */
    private static String onnxRuntimeCoordinates() {
        return BINDING.probe(Thread.currentThread().getContextClassLoader())
                .flatMap(c -> JavaDependencies.of(c).stream().findFirst())
                .orElse(DEFAULT_ONNXRUNTIME);
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        List<String> dependencies = JavaDependencies.listed(config);
        // a model MLflow's Python client logged lists no Java dependencies: use the ONNX Runtime jtrack records
        if (dependencies.isEmpty()) dependencies = List.of(DEFAULT_ONNXRUNTIME);
        return BINDING.forLoading(options.classLoader(), dependencies).load(dir, config, options);
    }

    /** A predictor when this thread's code sees ONNX Runtime (to infer the signature while logging); else null. */
    @Override
    public Predictor predictor(Object model) {
        return BINDING.in(Thread.currentThread().getContextClassLoader()).map(f -> f.predictor(model)).orElse(null);
    }
}
