package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** An experiment's relative artifact location is resolved against the working directory, as MLflow does. */
class ArtifactLocationResolutionTest {

    @Test
    void relativePathIsResolvedAgainstTheWorkingDirectory() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertEquals(cwd + "/my_location", SqlTrackingStore.resolveIfLocal("my_location"));
        assertEquals(cwd + "/a/b", SqlTrackingStore.resolveIfLocal("a/b"));
    }

    @Test
    void absolutePathsAndUrisAreKept() {
        assertEquals("/data/runs", SqlTrackingStore.resolveIfLocal("/data/runs"));
        assertEquals("s3://bucket/path", SqlTrackingStore.resolveIfLocal("s3://bucket/path"));
        assertEquals("file:///tmp/x", SqlTrackingStore.resolveIfLocal("file:///tmp/x"));
        assertEquals("mlflow-artifacts:/x", SqlTrackingStore.resolveIfLocal("mlflow-artifacts:/x"));
        assertNull(SqlTrackingStore.resolveIfLocal(null));
    }

    @Test
    void storedExperimentKeepsTheResolvedLocation() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("jtrack-loc");
        try (SqlStores stores = SqlStores.open(dev.jtrack.store.StoreUri.resolve("sqlite:///" + dir.resolve("t.db")), null)) {
            String id = stores.tracking().createExperiment("relative", "my_location", java.util.List.of());
            assertEquals(Path.of("").toAbsolutePath().resolve("my_location").toString(),
                    stores.tracking().getExperiment(id).artifactLocation());
        }
    }

    @Test
    void unusablePathIsAClientError() {
        MlflowException e = assertThrows(MlflowException.class, () -> SqlTrackingStore.resolveIfLocal("a\0b"));
        assertEquals("INVALID_PARAMETER_VALUE", e.errorCode().name());
    }
}
