package dev.jtrack.store.importer;

import dev.jtrack.store.ArtifactTargets;
import java.util.List;

/**
 * An MLflow store read by {@link MlflowImporter}: its entities as {@link Unit}s of jtrack rows,
 * with the source's own ids and artifact locations (the importer rewrites the locations).
 */
interface ImportSource extends AutoCloseable {

    /** What the source is, for messages (no credentials). */
    String description();

    /** Every experiment (deleted ones too), each with its tags. */
    List<Unit> experiments();

    /** The ids of every run (deleted ones too). */
    List<String> runIds();

    /** One run with its params, tags, full metric history, dataset inputs and logged-model links. */
    Unit run(String runId);

    /** The ids of every MLflow 3 logged model; empty when the source has none. */
    List<String> loggedModelIds();

    /** One logged model with its params, tags and metrics. */
    Unit loggedModel(String modelId);

    /** The names of every registered model. */
    List<String> registeredModelNames();

    /** One registered model with its tags, versions (with their tags) and aliases. */
    Unit registeredModel(String name);

    /** The ids of every trace; empty when the source has none. */
    List<String> traceIds();

    /** One trace's info with its tags and request metadata. */
    Unit trace(String traceId);

    /** How the source's artifact locations are reached. */
    ArtifactTargets artifacts();

    @Override
    void close();
}
