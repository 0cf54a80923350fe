package dev.jtrack.projects;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One entry point to run in a run that already exists.
 *
 * @param project the project
 * @param entry the entry point (not a workflow)
 * @param parameters its resolved, typed parameters
 * @param runId the run it records into ({@code MLFLOW_RUN_ID})
 * @param experimentId the run's experiment
 * @param experimentName the experiment's name
 * @param trackingUri the store every process uses
 * @param javaHome the JDK the entry point runs on
 * @param classpath the {@code java_env} dependency jars
 * @param workDir a directory of this launch's own for its output notebook and log
 * @param tags tags the entry point's own process re-applies (a notebook session sets its source tags)
 */
public record Launch(MLProject project, EntryPoint entry, Map<String, Object> parameters, String runId,
                     String experimentId, String experimentName, String trackingUri, Path javaHome,
                     List<Path> classpath, Path workDir, Map<String, String> tags) {}
