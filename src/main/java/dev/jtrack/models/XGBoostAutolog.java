package dev.jtrack.models;

import dev.jtrack.notebook.AutologContext;
import dev.jtrack.notebook.AutologIntegration;
import java.util.List;
import java.util.Set;

/**
 * Autologging for XGBoost4J: every {@code XGBoost.train(...)} (see {@link dev.jtrack.notebook.Autolog}).
 * Names no XGBoost type: the work is done by {@code dev.jtrack.models.xgboost.XGBoostAutologImpl},
 * defined in a child of the loader that loaded the booster.
 */
public final class XGBoostAutolog implements AutologIntegration {
    /** The library's name in {@code %autolog xgboost ...}. */
    public static final String LIBRARY = "xgboost";
    private static final LibraryCode<AutologIntegration> CODE = new LibraryCode<>("XGBoost4J",
            List.of("ml.dmlc.xgboost4j.java.Booster"),
            "dev.jtrack.models.xgboost.XGBoostAutologImpl", AutologIntegration.class);

    /** Used by {@link java.util.ServiceLoader}. */
    public XGBoostAutolog() {}

    @Override
    public String library() {
        return LIBRARY;
    }

    @Override
    public Set<String> methods() {
        return Set.of("train");
    }

    @Override
    public boolean accepts(Object result) {
        return CODE.accepts(result);
    }

    @Override
    public void log(Object result, long elapsedNanos, AutologContext context) {
        log(result, List.of(), elapsedNanos, context);
    }

    @Override
    public void log(Object result, List<Object> arguments, long elapsedNanos, AutologContext context) {
        CODE.forObject(result).log(result, arguments, elapsedNanos, context);
    }
}
