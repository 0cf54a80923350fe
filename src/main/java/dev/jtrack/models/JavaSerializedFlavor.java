package dev.jtrack.models;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code java_serialized} flavor: any other {@link Serializable} object (a weight map, a
 * model class of a library, a fitted pipeline), stored with Java serialization in
 * {@code model.ser} and loaded back only through the class allow-list of {@link LoadOptions}
 * (jtrack allows JDK value and collection classes; anything else must be allowed by name or
 * package). A loaded object is not scored by the server unless it is a {@link Predictor}; get it
 * with {@link LoadedModel#object(Class)}.
 */
public final class JavaSerializedFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "java_serialized";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof Serializable && !(model instanceof Predictor);
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        if (!accepts(model)) {
            throw new IllegalArgumentException("The java_serialized flavor saves a Serializable object, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("object_class", model.getClass().getName());
        config.put("data", JavaFunctionFlavor.DATA);
        config.put("classes", SerializedObjects.write(model, dir.resolve(JavaFunctionFlavor.DATA)));
        config.put("java_version", Runtime.version().feature() + "");
        return config;
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        return SerializedObjects.read(dir, config, options, NAME);
    }
}
