package dev.jtrack.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code xgboost} flavor: an XGBoost4J {@code ml.dmlc.xgboost4j.java.Booster}, stored in
 * XGBoost's own UBJSON format ({@code model.ubj}, as MLflow's Python {@code xgboost} flavor stores
 * it) with the Maven coordinates of XGBoost4J as {@code java_dependencies}. Loaded back as a
 * {@link Predictor} over Tablesaw tables: columns are the features in the booster's order (its
 * feature names, else every numeric column in order); the answer is a {@code prediction} column
 * ({@code prediction_<k>} when the booster predicts several values per row).
 *
 * <p>XGBoost4J is not part of jtrack's jar: this class only dispatches to
 * {@code dev.jtrack.models.xgboost.XGBoostFlavorImpl} (see {@link LibraryBinding}).
 */
public final class XGBoostFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "xgboost";
    static final LibraryBinding BINDING =
            new LibraryBinding("XGBoost4J", "ml.dmlc.xgboost4j.java.Booster", "dev.jtrack.models.xgboost.XGBoostFlavorImpl");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        Optional<Class<?>> booster = model == null ? Optional.empty() : BINDING.probe(model.getClass().getClassLoader());
        return booster.isPresent() && booster.get().isInstance(model);
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

    private Flavor impl(Object model) {
        if (!accepts(model)) {
            throw new IllegalArgumentException("The xgboost flavor saves an ml.dmlc.xgboost4j.java.Booster, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        return BINDING.in(model.getClass().getClassLoader()).orElseThrow();
    }
}
