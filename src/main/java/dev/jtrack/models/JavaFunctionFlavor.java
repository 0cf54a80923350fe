package dev.jtrack.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code java_function} flavor: any {@link Predictor}, stored with Java serialization in
 * {@code model.ser}. {@code MLmodel} records the predictor class and every class in the stored
 * object graph ({@code classes}); loading deserializes only classes the loader allows
 * ({@link LoadOptions}) and says which class was refused otherwise.
 */
public final class JavaFunctionFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "java_function";
    static final String DATA = "model.ser";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof Predictor;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        if (!(model instanceof Predictor)) {
            throw new IllegalArgumentException("The java_function flavor saves a Predictor, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("predictor_class", model.getClass().getName());
        config.put("data", DATA);
        config.put("classes", SerializedObjects.write(model, dir.resolve(DATA)));
        config.put("java_version", Runtime.version().feature() + "");
        return config;
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        Object o = SerializedObjects.read(dir, config, options, NAME);
        if (!(o instanceof Predictor)) {
            throw new IOException("java_function model file holds a " + o.getClass().getName() + ", not a Predictor");
        }
        return o;
    }
}
