package dev.jtrack.runner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link NotebookTest} on a method: the notebook runs first and its result is the method's parameter. */
class NotebookTestAnnotationIT {
    @TempDir
    static Path store;

    @BeforeAll
    static void trackIntoATemporaryStore() {
        System.setProperty("jtrack.trackingUri", "sqlite:///" + store.resolve("annotated.db"));
        System.setProperty("jtrack.notebookTests.dir", store.resolve("executed").toString());
    }

    @AfterAll
    static void forgetTheStore() {
        System.clearProperty("jtrack.trackingUri");
        System.clearProperty("jtrack.notebookTests.dir");
    }

    @NotebookTest(value = "src/test/resources/dev/jtrack/runner/testing/squares.ipynb", parameters = {"n=5"})
    void theNotebookRanWithTheParameterBeforeTheMethod(ExecutedNotebook notebook) {
        assertEquals(55L, notebook.variable("sumOfSquares", Long.class));
        assertEquals(55.0, notebook.metric("sum_of_squares"));
        assertEquals("5", notebook.params().get("n"));
        assertEquals(store.resolve("executed"), notebook.notebook().getParent());
    }
}
