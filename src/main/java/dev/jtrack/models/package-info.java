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
 *       {@link dev.jtrack.models.Predictor}.
 *   <li>{@code tribuo} ({@link dev.jtrack.models.TribuoFlavor}): an {@code org.tribuo.Model},
 *       stored in Tribuo's protobuf format, its provenance in the metadata, loaded as a
 *       {@link dev.jtrack.models.LibraryPredictor}.
 *   <li>{@code onnx} ({@link dev.jtrack.models.OnnxFlavor}): an {@link dev.jtrack.models.OnnxModel},
 *       scored with ONNX Runtime for Java.
 *   <li>{@code java_serialized} ({@link dev.jtrack.models.JavaSerializedFlavor}): any other
 *       {@code Serializable} object, returned by {@link dev.jtrack.models.LoadedModel#object}.
 * </ul>
 * The scoring server serves every model that loads as a {@code Predictor}. The two Java
 * serialization flavors load only through a class allow-list ({@link dev.jtrack.models.LoadOptions}):
 * JDK value and collection classes and jtrack's {@link dev.jtrack.models.LinearClassifier} are
 * allowed; other classes must be allowed by name or package ({@code LoadOptions.allow("com.example.*")},
 * {@code --allow-class}, {@code JTRACK_MODEL_ALLOW_CLASSES}).
 *
 * <h2>Adding a flavor</h2>
 * Write a class implementing {@link dev.jtrack.models.Flavor} with a public no-argument
 * constructor: {@code name()} is its key in {@code MLmodel}, {@code accepts} picks the objects it
 * saves, {@code save} writes files into the package directory and returns its {@code MLmodel}
 * section, {@code load} reads them back (return a {@code Predictor} to make the model servable;
 * read everything before returning, the directory is deleted afterwards), {@code predictor} lets
 * the signature be inferred from an input example, {@code metadata} may add provenance. List the
 * class in {@code META-INF/services/dev.jtrack.models.Flavor}; {@link dev.jtrack.models.Flavors}
 * finds it after the built-in flavors.
 *
 * <h2>The class-loader rule: flavors for libraries jtrack does not ship</h2>
 * Tribuo and ONNX Runtime are not in jtrack.jar (Maven scope {@code provided}: compiled against,
 * on the test class path, not shaded). In a notebook they come from {@code %maven}, into the
 * notebook's class loader, a child of jtrack's: a class of jtrack's own loader cannot link
 * against them. Such a flavor is therefore split in two:
 * <ul>
 *   <li>a facade in this package that names no library type ({@link dev.jtrack.models.TribuoFlavor},
 *       {@link dev.jtrack.models.OnnxFlavor}): it is what {@code Flavors} lists, and it recognises
 *       the library's objects by class name through the object's own class loader;
 *   <li>the implementation, plain typed Java against the library, alone in a package of its own
 *       ({@code dev.jtrack.models.tribuo}, {@code dev.jtrack.models.onnx}), implementing
 *       {@code Flavor} and using only public jtrack API. {@link dev.jtrack.models.LibraryBinding}
 *       defines that package's classes (bytes read from jtrack's jar) in a small loader whose
 *       parent sees the library: the model object's loader when saving; when loading, the
 *       caller's {@link dev.jtrack.models.LoadOptions#classLoader()} (a notebook's, which makes
 *       the loaded objects the notebook's own Tribuo classes) if it sees the library, else a
 *       child-first loader over the jars of the {@code java_dependencies} the flavor recorded,
 *       resolved with {@code %maven}'s resolver (local repository first).
 * </ul>
 * Library autologging follows the same rule: {@link dev.jtrack.models.TribuoAutolog} (a
 * {@link dev.jtrack.notebook.AutologIntegration} service) names no Tribuo type and runs
 * {@code dev.jtrack.models.tribuo.TribuoAutologImpl} in a child of the loader that loaded the
 * trained model ({@code LibraryCode}). It lives in this room rather than in {@code autolog/}
 * because it logs models with the flavors, and {@code autolog/} may not import this sibling room;
 * the kernel's session tells it where runs go through {@link dev.jtrack.notebook.Autolog}.
 *
 * <p>To add one: write the implementation package, a facade constructing a {@code LibraryBinding}
 * with a probe class of the library and the implementation's class name, record
 * {@link dev.jtrack.models.JavaDependencies} in {@code save}, add the library with scope
 * {@code provided}, and check (as {@code FlavorServeIT} does) that jtrack.jar bundles none of its
 * classes in another version: jtrack's shaded libraries are not relocated, and a notebook's class
 * loader asks jtrack's first.
 */
package dev.jtrack.models;
