package dev.jtrack.models;

import java.nio.file.Path;
import tech.tablesaw.api.Table;

/**
 * A model loaded from a package.
 *
 * @param mlmodel its description
 * @param model the loaded object: a {@link Predictor} for {@code java_function}, any allowed
 *     object for {@code java_serialized}
 * @param dir the local directory it was loaded from, or null when it was downloaded into a
 *     temporary directory (deleted once loaded: the model holds what it needs)
 */
public record LoadedModel(MLmodel mlmodel, Object model, Path dir) {

    /** The model as a predictor; IllegalStateException when its flavor holds another kind of object. */
    public Predictor predictor() {
        if (model instanceof Predictor p) return p;
        throw new IllegalStateException("This model is a " + model.getClass().getName() + " (flavors "
                + mlmodel.flavors().keySet() + "), not a Predictor: get it with object(" + model.getClass().getSimpleName()
                + ".class), or log a Predictor to score it");
    }

    /**
     * The model as a {@code type}: the loaded object, or the library object a
     * {@link LibraryPredictor} scores (e.g. {@code object(org.tribuo.Model.class)}).
     */
    public <T> T object(Class<T> type) {
        if (!type.isInstance(model) && model instanceof LibraryPredictor lp && type.isInstance(lp.libraryModel())) {
            return type.cast(lp.libraryModel());
        }
        if (!type.isInstance(model)) {
            throw new ClassCastException("The model is a " + model.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(model);
    }

    /** Scores {@code input} with {@link #predictor()}. */
    public Table predict(Table input) {
        return predictor().predict(input);
    }
}
