package com.example.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.runner.testing.ExecutedNotebook;
import dev.jtrack.runner.testing.NotebookTest;
import dev.jtrack.runner.testing.Notebooks;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests notebooks/fit-line.ipynb: each run is a tracked run in target/jtrack.db. */
class FitLineNotebookTest {

    @NotebookTest(value = "notebooks/fit-line.ipynb", parameters = {"learningRate=0.2", "epochs=60"})
    void findsTheLine(ExecutedNotebook notebook) {
        assertEquals(2.0, notebook.variable("slope", Double.class), 0.05);
        assertEquals(1.0, notebook.variable("intercept", Double.class), 0.05);
        assertEquals(60, notebook.metricHistory("loss").size(), "one loss point per epoch");
        assertTrue(notebook.metric("final_loss") < 0.01, "final loss " + notebook.metric("final_loss"));
        assertEquals("0.2", notebook.params().get("learningRate"));
        assertTrue(notebook.output().contains("loss after 60 epochs"), notebook.output());
    }

    @ParameterizedTest(name = "learningRate={0}, epochs={1}")
    @CsvSource({"0.05, 10", "0.3, 5"})
    void lossFallsEveryEpoch(double learningRate, int epochs) {
        ExecutedNotebook notebook = Notebooks.notebook("notebooks/fit-line.ipynb")
                .param("learningRate", learningRate).param("epochs", epochs)
                .run().assertSucceeded();
        List<Double> loss = notebook.metricHistory("loss");
        assertEquals(epochs, loss.size());
        for (int i = 1; i < loss.size(); i++) {
            assertTrue(loss.get(i) < loss.get(i - 1), "loss rose at epoch " + i + ": " + loss);
        }
    }
}
