package dev.jtrack.projects;

import java.util.List;
import java.util.Map;

/**
 * One step of a workflow entry point.
 *
 * @param name the step's name, unique in its workflow
 * @param entryPoint the entry point it runs
 * @param needs the steps that must finish first
 * @param parameters its parameters as written: text that may refer to the workflow's parameters
 *     ({@code {epochs}}) and to needed steps' outputs ({@code {steps.prepare.artifacts}},
 *     {@code {steps.prepare.run_id}})
 */
public record Step(String name, String entryPoint, List<String> needs, Map<String, String> parameters) {
    public Step {
        needs = List.copyOf(needs);
        parameters = Map.copyOf(parameters);
    }
}
