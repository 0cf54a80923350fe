package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.autolog.params.JavaParameters;
import dev.jtrack.autolog.params.ParameterError;
import java.util.Map;

/**
 * papermill's injection: the values become a code cell tagged {@code injected-parameters} right
 * after the cell tagged {@code parameters} (an earlier injected cell is replaced), or at the top
 * when there is no parameters cell. Every value is checked before the notebook changes.
 */
public final class ParameterInjector {
    public static final String PARAMETERS_TAG = "parameters";
    public static final String INJECTED_TAG = "injected-parameters";

    private ParameterInjector() {}

    /** The declarations of the notebook's parameters cell, or null when it has none. */
    public static Map<String, JavaParameters.Declared> declared(NotebookFile notebook) {
        for (JsonNode cell : notebook.cells()) {
            if (NotebookFile.tags(cell).contains(PARAMETERS_TAG)) {
                return JavaParameters.declarations(NotebookFile.source(cell));
            }
        }
        return null;
    }

    /**
     * The injected cell's source for {@code values}; an unknown name (when the notebook has a
     * parameters cell) or a value of the wrong type is a {@link ParameterError}, reported all at once.
     */
    public static String injectedSource(NotebookFile notebook, Map<String, ?> values) throws ParameterError {
        return JavaParameters.injectedSource(declared(notebook), values);
    }

    /** Injects {@code values} into {@code notebook}; returns the index of the injected cell (-1 when none). */
    public static int inject(NotebookFile notebook, Map<String, ?> values) throws ParameterError {
        String source = injectedSource(notebook, values);
        ArrayNode cells = notebook.cells();
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (NotebookFile.tags(cells.get(i)).contains(INJECTED_TAG)) {
                cells.remove(i);
            }
        }
        if (values.isEmpty()) {
            return -1;
        }
        int at = 0;
        for (int i = 0; i < cells.size(); i++) {
            if (NotebookFile.tags(cells.get(i)).contains(PARAMETERS_TAG)) {
                at = i + 1;
                break;
            }
        }
        ObjectNode cell = NotebookFile.codeCell(source, INJECTED_TAG);
        cells.insert(at, cell);
        return at;
    }

    /** String forms of the values, as logged params and {@code metadata.papermill.parameters}. */
    public static Map<String, String> asText(Map<String, ?> values) {
        return JavaParameters.asText(values);
    }
}
