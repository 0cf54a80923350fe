package dev.jtrack.models;

import dev.jtrack.notebook.AutologContext;
import dev.jtrack.notebook.AutologIntegration;
import java.util.List;
import java.util.Set;

/**
 * Autologging for Tribuo: every {@code Trainer.train(...)} and {@code Evaluator.evaluate(...)}
 * (see {@link dev.jtrack.notebook.Autolog}). Names no Tribuo type: the work is done by
 * {@code dev.jtrack.models.tribuo.TribuoAutologImpl}, defined in a child of the loader that
 * loaded the model or evaluation (the notebook's {@code %maven} loader, or the program's).
 */
public final class TribuoAutolog implements AutologIntegration {
    /** The library's name in {@code %autolog tribuo ...}. */
    public static final String LIBRARY = "tribuo";
    private static final LibraryCode<AutologIntegration> CODE = new LibraryCode<>("Tribuo",
            List.of("org.tribuo.Model", "org.tribuo.evaluation.Evaluation"),
            "dev.jtrack.models.tribuo.TribuoAutologImpl", AutologIntegration.class);

    /** Used by {@link java.util.ServiceLoader}. */
    public TribuoAutolog() {}

    @Override
    public String library() {
        return LIBRARY;
    }

    @Override
    public Set<String> methods() {
        return Set.of("train", "evaluate");
    }

    @Override
    public boolean accepts(Object result) {
        return CODE.accepts(result);
    }

    @Override
    public void log(Object result, long elapsedNanos, AutologContext context) {
        CODE.forObject(result).log(result, elapsedNanos, context);
    }
}
