package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.autolog.params.ParameterError;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterInjectorTest {

    static NotebookFile notebook(boolean withParameters) {
        NotebookFile nb = NotebookFile.empty();
        nb.cells().add(NotebookFile.codeCell("System.out.println(1);"));
        if (withParameters) {
            nb.cells().add(NotebookFile.codeCell("int epochs = 5;\ndouble lr = 0.1;", "parameters"));
        }
        nb.cells().add(NotebookFile.codeCell("epochs * lr"));
        return nb;
    }

    @Test
    void injectsRightAfterTheParametersCell() throws ParameterError {
        NotebookFile nb = notebook(true);
        int at = ParameterInjector.inject(nb, Map.of("epochs", "10"));
        assertEquals(2, at);
        assertEquals(List.of("injected-parameters"), NotebookFile.tags(nb.cells().get(2)));
        assertEquals("// Parameters\nint epochs = 10;", NotebookFile.source(nb.cells().get(2)));
        assertEquals(4, nb.cells().size());
    }

    @Test
    void replacesAnEarlierInjectedCell() throws ParameterError {
        NotebookFile nb = notebook(true);
        ParameterInjector.inject(nb, Map.of("epochs", "10"));
        ParameterInjector.inject(nb, Map.of("lr", "0.5"));
        assertEquals(4, nb.cells().size());
        assertEquals("// Parameters\ndouble lr = 0.5;", NotebookFile.source(nb.cells().get(2)));
    }

    @Test
    void injectsAtTheTopWithoutAParametersCell() throws ParameterError {
        NotebookFile nb = notebook(false);
        assertEquals(0, ParameterInjector.inject(nb, Map.of("epochs", "10")));
        assertEquals("// Parameters\nvar epochs = 10;", NotebookFile.source(nb.cells().get(0)));
    }

    @Test
    void reportsEveryBadParameterAndLeavesTheNotebookAlone() throws IOException {
        NotebookFile nb = notebook(true);
        String before = nb.toJson();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epochs", "many");
        values.put("batch", "3");
        ParameterError e = assertThrows(ParameterError.class, () -> ParameterInjector.inject(nb, values));
        assertTrue(e.getMessage().contains("'epochs' is declared int but got 'many'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown parameter 'batch': the parameters cell declares epochs, lr"), e.getMessage());
        assertEquals(before, nb.toJson());
    }

    @Test
    void upgradesToNbformat45WithUniqueIds() throws IOException {
        NotebookFile nb = NotebookFile.parse("""
                {"cells": [{"cell_type": "code", "metadata": {}, "source": "1", "outputs": [], "execution_count": null},
                           {"cell_type": "markdown", "metadata": {}, "source": ["# t"]}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 2}""");
        nb.upgradeTo45();
        assertEquals(5, nb.root().get("nbformat_minor").asInt());
        String a = nb.cells().get(0).get("id").asText();
        String b = nb.cells().get(1).get("id").asText();
        assertTrue(!a.isEmpty() && !a.equals(b));
    }

    @Test
    void sweepPlansTheCrossProduct() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lr", "0.1,0.01");
        values.put("depth", "3,5");
        Sweep.Plan plan = Sweep.plan(values);
        assertEquals(List.of(Map.of("lr", "0.1", "depth", "3"), Map.of("lr", "0.1", "depth", "5"),
                Map.of("lr", "0.01", "depth", "3"), Map.of("lr", "0.01", "depth", "5")), plan.combinations());
    }
}
