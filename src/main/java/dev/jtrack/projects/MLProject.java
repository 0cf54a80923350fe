package dev.jtrack.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project: a directory with an {@code MLproject} file in MLflow's format ({@code name},
 * {@code entry_points.<name>.parameters.<p>: {type, default}}, {@code command}) and jtrack's
 * Java extensions ({@code notebook:}, {@code java:}, {@code steps:} entry points; {@code java_env}).
 *
 * @param name the project's name (the directory's name when the file has none)
 * @param dir the project directory
 * @param javaEnv its {@code java_env}
 * @param entryPoints its entry points by name, in the order written
 */
public record MLProject(String name, Path dir, JavaEnv javaEnv, Map<String, EntryPoint> entryPoints) {
    /** The file name MLflow uses (also accepted: {@code MLproject.yaml}). */
    public static final String FILE = "MLproject";

    /**
     * Reads {@code dir/MLproject} and checks it: entry kinds, parameter types, workflow steps
     * naming existing entry points and steps, files the entry points name.
     *
     * @throws ProjectError when the file is missing or malformed
     */
    public static MLProject load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file) && Files.isRegularFile(dir.resolve(FILE + ".yaml"))) {
            file = dir.resolve(FILE + ".yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new ProjectError("no " + FILE + " file in " + dir);
        }
        Object yaml;
        try {
            yaml = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new ProjectError("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(yaml instanceof Map<?, ?> root)) {
            throw new ProjectError(file + " must be a YAML mapping");
        }
        try {
            return parse(root, dir);
        } catch (IllegalArgumentException | ProjectError e) {
            throw new ProjectError(file + ": " + e.getMessage(), e);
        }
    }

    static MLProject parse(Map<?, ?> root, Path dir) {
        String name = root.get("name") == null ? dir.getFileName().toString() : String.valueOf(root.get("name"));
        JavaEnv javaEnv = javaEnv(root.get("java_env"));
        Map<?, ?> entries = map(root.get("entry_points"), "entry_points");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entry_points is empty");
        }
        Map<String, EntryPoint> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(String.valueOf(k), entryPoint(String.valueOf(k), map(v, "entry_points." + k), dir)));
        MLProject project = new MLProject(name, dir, javaEnv, out);
        project.checkWorkflows();
        return project;
    }

    /**
     * The entry point called {@code name}.
     *
     * @throws ProjectError naming the ones that exist when there is none
     */
    public EntryPoint entryPoint(String entryName) {
        EntryPoint e = entryPoints.get(entryName);
        if (e == null) {
            throw new ProjectError("project '" + name + "' has no entry point '" + entryName + "' (it has "
                    + String.join(", ", entryPoints.keySet()) + ")");
        }
        return e;
    }

    private static JavaEnv javaEnv(Object node) {
        if (node == null) {
            return JavaEnv.NONE;
        }
        if (!(node instanceof Map<?, ?>)) {
            return new JavaEnv(String.valueOf(node), List.of(), List.of());
        }
        Map<?, ?> m = (Map<?, ?>) node;
        Object java = m.containsKey("java") ? m.get("java") : m.get("jdk");
        return new JavaEnv(java == null ? null : String.valueOf(java), strings(m.get("dependencies"), "java_env.dependencies"),
                strings(m.containsKey("jvm_options") ? m.get("jvm_options") : m.get("jvm_opts"), "java_env.jvm_options"));
    }

    private static EntryPoint entryPoint(String name, Map<?, ?> m, Path dir) {
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        map(m.get("parameters"), "entry_points." + name + ".parameters").forEach((k, v) -> {
            String p = String.valueOf(k);
            if (v instanceof Map<?, ?> spec) {
                parameters.put(p, new ParameterSpec(p, type(spec.get("type"), name, p), spec.get("default")));
            } else {
                // MLflow's short form `alpha: float`
                parameters.put(p, new ParameterSpec(p, type(v, name, p), null));
            }
        });
        List<String> kinds = new ArrayList<>();
        for (String kind : List.of("notebook", "java", "command", "steps")) {
            if (m.get(kind) != null) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            throw new IllegalArgumentException("entry point '" + name + "' must have exactly one of notebook, java, command"
                    + " or steps" + (kinds.isEmpty() ? "" : " (it has " + String.join(", ", kinds) + ")"));
        }
        String kind = kinds.get(0);
        if (kind.equals("steps")) {
            return new EntryPoint(name, EntryPoint.Kind.WORKFLOW, null, parameters, steps(name, m.get("steps")));
        }
        String target = String.valueOf(m.get(kind));
        if (!kind.equals("command")) {
            Path file = dir.resolve(target).normalize();
            if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("entry point '" + name + "': " + kind + " file '" + target
                        + "' is not a file inside the project");
            }
            if (kind.equals("notebook") && !target.endsWith(".ipynb")) {
                throw new IllegalArgumentException("entry point '" + name + "': notebook '" + target + "' is not an .ipynb file");
            }
            if (kind.equals("java") && !target.endsWith(".java")) {
                throw new IllegalArgumentException("entry point '" + name + "': java '" + target + "' is not a .java file");
            }
        }
        EntryPoint.Kind k = switch (kind) {
            case "notebook" -> EntryPoint.Kind.NOTEBOOK;
            case "java" -> EntryPoint.Kind.JAVA;
            default -> EntryPoint.Kind.COMMAND;
        };
        return new EntryPoint(name, k, target, parameters, List.of());
    }

    private static List<Step> steps(String workflow, Object node) {
        List<Step> steps = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> m = map(item, "entry_points." + workflow + ".steps[]");
                Object stepName = m.get("name");
                if (stepName == null) {
                    throw new IllegalArgumentException("a step of workflow '" + workflow + "' has no name");
                }
                steps.add(step(workflow, String.valueOf(stepName), m));
            }
        } else {
            map(node, "entry_points." + workflow + ".steps").forEach((k, v) ->
                    steps.add(step(workflow, String.valueOf(k), v == null ? Map.of() : map(v, "steps." + k))));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("workflow '" + workflow + "' has no steps");
        }
        return steps;
    }

    private static Step step(String workflow, String name, Map<?, ?> m) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("step name '" + name + "' of workflow '" + workflow
                    + "' may only use letters, digits, '_', '.' and '-'");
        }
        Object entry = m.containsKey("entry_point") ? m.get("entry_point") : name;
        Map<String, String> parameters = new LinkedHashMap<>();
        map(m.get("parameters"), "steps." + name + ".parameters").forEach((k, v) ->
                parameters.put(String.valueOf(k), v instanceof List<?> l
                        ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        Object needs = m.get("needs");
        List<String> needed = needs instanceof String s ? List.of(s) : strings(needs, "steps." + name + ".needs");
        return new Step(name, String.valueOf(entry), needed, parameters);
    }

    /** Every workflow's steps name existing non-workflow entry points and existing steps, without cycles. */
    private void checkWorkflows() {
        for (EntryPoint e : entryPoints.values()) {
            if (e.kind() != EntryPoint.Kind.WORKFLOW) {
                continue;
            }
            for (Step s : e.steps()) {
                EntryPoint target = entryPoints.get(s.entryPoint());
                if (target == null) {
                    throw new IllegalArgumentException("step '" + s.name() + "' of workflow '" + e.name()
                            + "' names no entry point '" + s.entryPoint() + "'");
                }
                if (target.kind() == EntryPoint.Kind.WORKFLOW) {
                    throw new IllegalArgumentException("step '" + s.name() + "' of workflow '" + e.name()
                            + "' runs workflow '" + s.entryPoint() + "'; a step runs a notebook, java or command entry point");
                }
            }
            WorkflowPlan.order(e.steps()); // unknown needs and cycles
        }
    }

    private static ParameterType type(Object name, String entry, String parameter) {
        try {
            return ParameterType.of(name == null ? null : String.valueOf(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("entry point '" + entry + "', parameter '" + parameter + "': " + e.getMessage());
        }
    }

    private static Map<?, ?> map(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        return m;
    }

    private static List<String> strings(Object node, String where) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> l)) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        return l.stream().map(String::valueOf).toList();
    }
}
