package dev.jtrack.artifacts;

/** The shared repository behaviour, on a local directory. */
class LocalArtifactRepositoryContractTest extends ArtifactRepositoryContract {
    private int count;

    @Override
    ArtifactRepository newRepository() {
        return new LocalArtifactRepository(scratch.resolve("repo-" + (++count)));
    }
}
