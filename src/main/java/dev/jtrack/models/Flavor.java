package dev.jtrack.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One way of storing a kind of model in a package and scoring it again. A flavor writes the
 * model's files into the package directory and returns its section of {@code MLmodel}; loading
 * reads them back: a {@link Predictor}, or another object for the caller to use.
 *
 * <p>To add a flavor: implement this interface in a small class with a public no-argument
 * constructor and list it in {@code META-INF/services/dev.jtrack.models.Flavor}; {@link Flavors}
 * finds it on the class path (built-in flavors come first). {@link #accepts} decides which flavor
 * saves a given object; {@link #name} is the key under {@code flavors:} in {@code MLmodel}.
 */
public interface Flavor {

    /** The key of this flavor in {@code MLmodel}'s {@code flavors} section. */
    String name();

    /** Whether this flavor can save {@code model}. */
    boolean accepts(Object model);

    /**
     * Writes {@code model}'s files into {@code dir} (an empty directory) and returns the flavor's
     * configuration for {@code MLmodel}.
     */
    Map<String, Object> save(Object model, Path dir) throws IOException;

    /**
     * Loads the model saved in {@code dir} with configuration {@code config}: a {@link Predictor} when it can score.
     * Everything needed must be read before returning: the directory may be deleted afterwards.
     *
     * @param options what the loader may do (e.g. which classes may be deserialized)
     */
    Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException;

    /**
     * A predictor scoring {@code model} as the loaded model would, used to infer the signature from
     * an input example; null when this JVM cannot score it. By default the model itself when it is
     * a {@link Predictor}.
     */
    default Predictor predictor(Object model) {
        return model instanceof Predictor p ? p : null;
    }

    /** Metadata worth recording for {@code model} (e.g. its provenance); empty by default. */
    default Map<String, Object> metadata(Object model) {
        return Map.of();
    }

    /**
     * Flavor blocks for other languages' loaders that this flavor's files also serve, written into
     * {@code MLmodel} beside its own block (e.g. MLflow's {@code python_function} pointing at
     * {@code mlflow.onnx}); none by default.
     *
     * @param config what {@link #save} returned
     */
    default Map<String, Map<String, Object>> companionFlavors(Map<String, Object> config) {
        return Map.of();
    }
}
