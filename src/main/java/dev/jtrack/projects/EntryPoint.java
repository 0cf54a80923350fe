package dev.jtrack.projects;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entry point of a project: a notebook, a single-file Java program, a shell command
 * (MLflow's {@code command}) or a workflow of steps.
 *
 * @param name its name in {@code entry_points}
 * @param kind what it runs
 * @param target the notebook or Java file (relative to the project), or the command template;
 *     null for a workflow
 * @param parameters the declared parameters, in order
 * @param steps the workflow's steps, in the order written (empty unless {@code kind} is WORKFLOW)
 */
public record EntryPoint(String name, Kind kind, String target, Map<String, ParameterSpec> parameters, List<Step> steps) {

    /** What an entry point runs. */
    public enum Kind { NOTEBOOK, JAVA, COMMAND, WORKFLOW }

    public EntryPoint {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        steps = List.copyOf(steps);
    }

    /**
     * The values a run uses: each declared parameter from {@code given} or its default, checked
     * and converted to its type; values not declared are passed on as strings (as MLflow does).
     * Every problem is reported at once, naming the parameter and this entry point.
     *
     * @param baseDir what relative {@code path} values are resolved against
     * @throws ProjectError when a required parameter is missing or a value has the wrong type
     */
    public Map<String, Object> resolve(Map<String, ?> given, Path baseDir) {
        return resolve(given, baseDir, java.util.Set.of());
    }

    /**
     * As {@link #resolve(Map, Path)}, but the parameters named in {@code deferred} are known only
     * later (they come from another workflow step's outputs): they are neither checked nor reported missing.
     */
    public Map<String, Object> resolve(Map<String, ?> given, Path baseDir, java.util.Set<String> deferred) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ParameterSpec spec : parameters.values()) {
            if (deferred.contains(spec.name())) {
                continue;
            }
            Object value = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue();
            if (value == null) {
                problems.add("missing required parameter '" + spec.name() + "' (" + spec.type().yamlName() + ")");
                continue;
            }
            try {
                out.put(spec.name(), spec.type().convert(value, baseDir));
            } catch (IllegalArgumentException e) {
                problems.add("parameter '" + spec.name() + "' (" + spec.type().yamlName() + "): " + e.getMessage());
            }
        }
        given.forEach((k, v) -> {
            if (!parameters.containsKey(k)) {
                out.put(k, v instanceof List<?> ? ParameterType.LIST.convert(v, baseDir) : String.valueOf(v));
            }
        });
        if (!problems.isEmpty()) {
            throw new ProjectError("entry point '" + name + "': " + String.join("; ", problems));
        }
        return out;
    }
}
