/**
 * Artifact storage behind one interface, {@link dev.jtrack.artifacts.ArtifactRepository}: a local
 * directory ({@link dev.jtrack.artifacts.LocalArtifactRepository}), a tracking server's artifact
 * proxy ({@link dev.jtrack.artifacts.HttpArtifactRepository}, {@code mlflow-artifacts:} URIs) and
 * S3 or any S3-compatible store ({@link dev.jtrack.artifacts.S3ArtifactRepository},
 * {@code s3://bucket/prefix}, configured by {@link dev.jtrack.artifacts.S3Config} from MLflow's and
 * AWS's environment variables). All share one behaviour, checked by one contract test suite: paths
 * normalised and confined by {@link dev.jtrack.artifacts.ArtifactPaths}, sorted listings of direct
 * children, whole-file writes, recursive deletes.
 *
 * <p>{@link dev.jtrack.artifacts.ArtifactLocations} is the server's map from artifact URIs to
 * repositories, limited to the roots it was started with. Only {@code S3ArtifactRepository} and
 * {@code S3Clients} reference the AWS SDK, so it is loaded on first use of an {@code s3://}
 * location and never on the default SQLite/local set-up.
 */
package dev.jtrack.artifacts;
