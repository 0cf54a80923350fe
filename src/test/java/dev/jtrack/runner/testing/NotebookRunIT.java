package dev.jtrack.runner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notebooks run in this JVM by the testing API: variables, outputs, the tracked run, failures. */
class NotebookRunIT {
    @TempDir
    Path tmp;

    private Path notebook(String name, String... cells) throws Exception {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.length; i++) {
            String tags = i == 0 ? "{\"tags\": [\"parameters\"]}" : "{}";
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"id\": \"c").append(i)
                    .append("\", \"metadata\": ").append(tags).append(", \"execution_count\": null, \"outputs\": [], \"source\": ")
                    .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(cells[i])).append("}");
        }
        json.append("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Path path = tmp.resolve(name + ".ipynb");
        Files.writeString(path, json);
        return path;
    }

    private NotebookRun run(Path notebook) {
        return Notebooks.notebook(notebook).trackingUri("sqlite:///" + tmp.resolve("store.db"))
                .output(tmp.resolve(notebook.getFileName().toString().replace(".ipynb", ".out.ipynb")));
    }

    @Test
    void aSucceedingNotebookGivesItsVariablesOutputsAndTrackedRun() throws Exception {
        Path nb = notebook("sum", "int n = 3;\nString label = \"a\";",
                "import dev.jtrack.notebook.Tracking;\nint total = 0;\nfor (int i = 1; i <= n; i++) { total += i; Tracking.logMetric(\"total\", total, i); }\n"
                        + "System.out.println(label + \" \" + total);",
                "List.of(total, total * 2)");

        ExecutedNotebook executed = run(nb).param("n", "4").param("label", "sum").run().assertSucceeded();

        assertTrue(executed.succeeded());
        assertEquals(10, executed.variable("total", Integer.class));
        assertEquals("sum", executed.variable("label"));
        assertEquals("sum 10\n", executed.output(2), "cells as run: parameters, injected parameters, the loop");
        assertTrue(executed.output().contains("[10, 20]"), executed.output());
        assertEquals(List.of(1.0, 3.0, 6.0, 10.0), executed.metricHistory("total"));
        assertEquals(10.0, executed.metric("total"));
        assertEquals("4", executed.params().get("n"));
        assertEquals("FINISHED", executed.runStatus());
        assertTrue(Files.isRegularFile(executed.notebook()));
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> executed.variable("nope"));
        assertTrue(missing.getMessage().contains("[label, n, total]"), missing.getMessage());
        assertThrows(ClassCastException.class, () -> executed.variable("label", Integer.class));
    }

    @Test
    void aFailingCellIsNamedWithItsErrorAndLineAndTheVariablesBeforeItRemain() throws Exception {
        Path nb = notebook("broken", "int divisor = 0;", "int a = 7;\nint b = a / divisor;", "System.out.println(\"never\");");

        ExecutedNotebook executed = run(nb).run();

        assertFalse(executed.succeeded());
        CellFailure failure = executed.failure().orElseThrow();
        assertEquals(1, failure.cellIndex());
        assertEquals("java.lang.ArithmeticException", failure.ename());
        String message = assertThrows(AssertionError.class, executed::assertSucceeded).getMessage();
        assertTrue(message.startsWith("broken.out.ipynb: cell 2 (execution 2) failed: java.lang.ArithmeticException: / by zero"), message);
        assertTrue(message.contains("line 2"), message);
        assertFalse(message.contains("\u001b["), "no terminal colours: " + message);
        assertEquals(7, executed.variable("a", Integer.class));
        assertFalse(executed.output().contains("never"));
        assertEquals("FAILED", executed.runStatus());
    }

    @Test
    void aParameterTheNotebookCannotTakeIsRefusedBeforeAnythingRuns() throws Exception {
        Path nb = notebook("typed", "int epochs = 3;", "System.out.println(epochs);");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> run(nb).param("epochs", "many").run());
        assertTrue(refused.getMessage().contains("epochs"), refused.getMessage());
        assertFalse(Files.exists(tmp.resolve("typed.out.ipynb")));
    }
}
