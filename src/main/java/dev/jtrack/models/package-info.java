/**
 * Models: MLflow's {@code MLmodel} package format with Java flavors, logging to runs, the model
 * registry from notebooks ({@link dev.jtrack.models.Models}, {@link dev.jtrack.models.ModelMagics}),
 * loading {@code runs:/}, {@code models:/name/3}, {@code models:/name@alias} URIs
 * ({@link dev.jtrack.models.ModelLocation}) and MLflow's scoring protocol
 * ({@link dev.jtrack.models.Scoring}, {@link dev.jtrack.models.ScoringServer}).
 *
 * <h2>A package</h2>
 * A directory with an {@code MLmodel} YAML file (artifact_path, run_id, utc_time_created,
 * model_uuid, flavors, signature, saved_input_example_info, metadata), the flavor's files and
 * {@code input_example.json} (pandas {@code split} orientation), logged under a run's artifacts and
 * recorded in its {@code mlflow.log-model.history} tag.
 *
 * <h2>Flavors</h2>
 * <ul>
 *   <li>{@code java_function} ({@link dev.jtrack.models.JavaFunctionFlavor}): any
 *       {@link dev.jtrack.models.Predictor}; the only flavor the scoring server serves.
 *   <li>{@code java_serialized} ({@link dev.jtrack.models.JavaSerializedFlavor}): any other
 *       {@code Serializable} object, returned by {@link dev.jtrack.models.LoadedModel#object}.
 * </ul>
 * Both store Java serialization and load it only through a class allow-list
 * ({@link dev.jtrack.models.LoadOptions}): JDK value and collection classes and jtrack's
 * {@link dev.jtrack.models.LinearClassifier} are allowed; other classes must be allowed by name or
 * package ({@code LoadOptions.allow("com.example.*")}, {@code --allow-class},
 * {@code JTRACK_MODEL_ALLOW_CLASSES}).
 *
 * <h2>Adding a flavor</h2>
 * Write a class implementing {@link dev.jtrack.models.Flavor} with a public no-argument
 * constructor: {@code name()} is its key in {@code MLmodel}, {@code accepts} picks the objects it
 * saves, {@code save} writes files into the package directory and returns its {@code MLmodel}
 * section, {@code load} reads them back (return a {@code Predictor} to make the model servable),
 * {@code metadata} may add provenance. List the class in
 * {@code META-INF/services/dev.jtrack.models.Flavor}; {@link dev.jtrack.models.Flavors} finds it
 * after the built-in flavors.
 */
package dev.jtrack.models;
