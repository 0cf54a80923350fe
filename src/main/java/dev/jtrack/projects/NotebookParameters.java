package dev.jtrack.projects;

import dev.jtrack.autolog.params.JavaParameters;
import dev.jtrack.autolog.params.ParameterError;
import dev.jtrack.runner.NotebookFile;
import dev.jtrack.runner.ParameterInjector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a notebook entry point's values against the notebook's {@code parameters} cell before
 * anything runs (the same rules {@code jtrack run -p} applies: names the cell declares, values
 * of the declared Java types).
 */
final class NotebookParameters {
    private NotebookParameters() {}

    /**
     * @param values the resolved values
     * @param deferred names whose values come later from another step (only their names are checked)
     * @throws ProjectError naming the entry point and every problem
     */
    static void check(MLProject project, EntryPoint entry, Map<String, Object> values, Set<String> deferred) {
        NotebookFile notebook;
        try {
            notebook = NotebookFile.read(project.dir().resolve(entry.target()));
        } catch (IOException e) {
            throw new ProjectError("entry point '" + entry.name() + "': cannot read " + entry.target() + ": " + e.getMessage(), e);
        }
        Map<String, JavaParameters.Declared> declared = ParameterInjector.declared(notebook);
        if (declared == null) {
            return; // no parameters cell: types are inferred from the values, as papermill does
        }
        List<String> unknown = new ArrayList<>();
        for (String name : deferred) {
            if (!declared.containsKey(name)) {
                unknown.add(name);
            }
        }
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((k, v) -> text.put(k, ParameterType.text(v)));
        try {
            JavaParameters.injectedSource(declared, text);
        } catch (ParameterError e) {
            throw new ProjectError("entry point '" + entry.name() + "' (notebook " + entry.target() + "): " + e.getMessage());
        }
        if (!unknown.isEmpty()) {
            throw new ProjectError("entry point '" + entry.name() + "' (notebook " + entry.target() + "): the parameters cell"
                    + " declares no " + String.join(", ", unknown) + " (it declares " + String.join(", ", declared.keySet()) + ")");
        }
    }
}
