package dev.jtrack.monitor;

import dev.jtrack.models.ModelLocation;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a served model version's inference log and monitoring metrics live: runs of the
 * monitoring experiment tagged {@value #MODEL_TAG} with the model's canonical URI
 * ({@code models:/name/version} for a registered model, the URI as given otherwise).
 */
public final class MonitoringRuns {
    /** The experiment monitoring runs go to unless another is chosen. */
    public static final String DEFAULT_EXPERIMENT = "jtrack-monitoring";
    /** Tag: the canonical URI of the monitored model version. */
    public static final String MODEL_TAG = "jtrack.monitoring.model_uri";
    /** Tag: the registered model's name. */
    public static final String NAME_TAG = "jtrack.monitoring.model_name";
    /** Tag: the registered model's version. */
    public static final String VERSION_TAG = "jtrack.monitoring.model_version";
    /** Tag: the fraction of requests whose data is logged. */
    public static final String SAMPLE_TAG = "jtrack.monitoring.sample_rate";

    private MonitoringRuns() {}

    /** {@code models:/name/version} for a registry URI (alias, stage, latest resolved), else {@code uri} itself. */
    public static String canonical(TrackingClient client, String uri) {
        String u = uri.strip();
        if (u.startsWith("models:/") && ModelLocation.loggedModelId(u) == null) {
            ModelVersion v = ModelLocation.version(client.registry(), u);
            return "models:/" + v.name() + "/" + v.version();
        }
        return u;
    }

    /** The monitoring runs of {@code canonicalUri} in {@code experiment}, newest first (none when the experiment is missing). */
    public static List<Run> find(TrackingClient client, String experiment, String canonicalUri) {
        Experiment e = experiment(client, experiment);
        if (e == null) return List.of();
        String filter = "tags.`" + MODEL_TAG + "` = '" + canonicalUri.replace("'", "\\'") + "'";
        List<Run> runs = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 20; page++) {
            Page<Run> p = client.store().searchRuns(List.of(e.experimentId()), filter, ViewType.ACTIVE_ONLY, 1000,
                    List.of("start_time DESC"), token);
            runs.addAll(p.items());
            token = p.nextPageToken();
            if (token == null) break;
        }
        return runs;
    }

    static Experiment experiment(TrackingClient client, String name) {
        try {
            return client.store().getExperimentByName(name);
        } catch (RuntimeException missing) {
            return null;
        }
    }
}
