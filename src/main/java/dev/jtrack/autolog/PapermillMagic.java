package dev.jtrack.autolog;

import dev.jtrack.autolog.params.JavaParameters;
import dev.jtrack.autolog.params.JsonParameters;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.magics.MagicContext;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Display;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code %papermill_parameters {"name": value, ...}}: what jtrack's papermill translator
 * ({@code python/jtrack-papermill}) puts in the injected-parameters cell. Papermill hands the
 * translator values it has typed itself and never the parameters cell, so the kernel types them:
 * from the declarations of the cell executed just before (papermill runs the cell tagged
 * {@code parameters} right before the injected one; with none, types are inferred from the
 * values), with exactly {@code jtrack run}'s rules and errors. The values become variables, are
 * logged as params of the session run (with the parameters cell's other defaults), and the cell
 * shows the run id, also in its output metadata ({@code metadata.jtrack.run_id}); so does a cell
 * whose values are rejected, before it fails.
 */
final class PapermillMagic {
    /** How long the cell waits for the store to have created the run (the pipeline wants its id). */
    private static final Duration RUN_ID_WAIT = Duration.ofSeconds(15);

    private final AutologSession session;

    PapermillMagic(AutologSession session) {
        this.session = session;
    }

    Object run(String args, MagicContext context) throws Exception {
        Map<String, Object> values = JsonParameters.parse(args);
        String previous = session.previousCellCode();
        Map<String, JavaParameters.Declared> declared = previous == null ? null : JavaParameters.declarations(previous);
        if (declared != null && declared.isEmpty()) {
            declared = null; // the cell before declares nothing: no parameters cell, infer like jtrack run
        }
        try {
            context.evaluate(JavaParameters.injectedSource(declared, values));
        } catch (Exception e) {
            if (session.autolog()) {
                // the pipeline still learns which run failed (it ends FAILED with the cell)
                Display.display(runInfo(session.currentRun(), "parameters rejected"));
            }
            throw e;
        }
        if (!session.autolog()) {
            return null;
        }
        ActiveRun run = session.currentRun();
        Map<String, String> params = new LinkedHashMap<>(JavaParameters.defaults(declared));
        params.putAll(JavaParameters.asText(values));
        run.setTag("jtrack.runner", "papermill");
        for (Map.Entry<String, String> p : params.entrySet()) {
            try {
                run.logParam(p.getKey(), p.getValue());
            } catch (dev.jtrack.tracking.MlflowException e) {
                // a param the run already has with another value (MLFLOW_RUN_ID, a re-run): keep going
                System.err.println("papermill parameters: " + e.getMessage());
            }
        }
        return runInfo(run, "params: " + String.join(", ", params.keySet()));
    }

    /** The run's id as text and as {@code metadata.jtrack} (what papermill's engines copy into the notebook). */
    private Object runInfo(ActiveRun run, String note) {
        String runId;
        try {
            runId = run.awaitRunId(RUN_ID_WAIT);
        } catch (IllegalStateException e) {
            return note + "; " + e.getMessage();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("run_id", runId);
        run.experimentId().ifPresent(id -> info.put("experiment_id", id));
        info.put("tracking_uri", session.trackingUriDisplay());
        return new MimeBundle().put("text/plain", "jtrack run " + runId + " (" + note + ")").putMetadata("jtrack", info);
    }
}
