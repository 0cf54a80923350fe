package dev.jtrack.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tribuo} flavor: an {@code org.tribuo.Model} (classification, regression, any output
 * type), stored in Tribuo's protobuf format ({@code model.tribuo}) with its provenance in the
 * {@code MLmodel} metadata and the Maven coordinates of its jars as {@code java_dependencies}.
 * Loaded back as a {@link Predictor} over Tablesaw tables: column names are feature names
 * (numbers as they are, text {@code v} in column {@code c} as feature {@code c@v} = 1); a
 * classifier answers a {@code label} column and one {@code score_<label>} column per class, a
 * regression model one column per output dimension.
 *
 * <p>Tribuo is not part of jtrack's jar: this class only dispatches to
 * {@code dev.jtrack.models.tribuo.TribuoFlavorImpl}, linked against the Tribuo the model or the
 * loader sees, or resolved from {@code java_dependencies} (see {@link LibraryBinding}).
 */
public final class TribuoFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "tribuo";
    static final LibraryBinding BINDING =
            new LibraryBinding("Tribuo", "org.tribuo.Model", "dev.jtrack.models.tribuo.TribuoFlavorImpl");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        return isTribuoModel(model);
    }

    /** Whether {@code model} is an {@code org.tribuo.Model} of the Tribuo its own class loader sees. */
    private static boolean isTribuoModel(Object model) {
        Optional<Class<?>> tribuoModel = model == null ? Optional.empty() : BINDING.probe(model.getClass().getClassLoader());
        return tribuoModel.isPresent() && tribuoModel.get().isInstance(model);
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        return impl(model).save(model, dir);
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        return BINDING.forLoading(options.classLoader(), JavaDependencies.listed(config)).load(dir, config, options);
    }

    @Override
    public Predictor predictor(Object model) {
        return impl(model).predictor(model);
    }

    @Override
    public Map<String, Object> metadata(Object model) {
        return impl(model).metadata(model);
    }

    private static Flavor impl(Object model) {
        if (!isTribuoModel(model)) {
            throw new IllegalArgumentException("The tribuo flavor saves an org.tribuo.Model, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        return BINDING.in(model.getClass().getClassLoader()).orElseThrow();
    }
}
