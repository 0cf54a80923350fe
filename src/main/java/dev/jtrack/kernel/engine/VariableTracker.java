package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.display.RendererRegistry;
import dev.jtrack.kernel.extension.VariableChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/** Finds the variables a cell declared or assigned, by comparing the shell's variables before and after it. */
final class VariableTracker {
    private static final int MAX_VALUE_LENGTH = 200;

    /** The variables' values at one moment, by name. */
    record Snapshot(Map<String, Object> values) {}

    private final JShell jshell;
    private final InProcessExecutionControl control;
    /**
     * Wrapper class names by snippet. Keyed by the snippet object, not its id: JShell gives a
     * redeclared variable's new snippet the old one's id (in a new wrapper class, {@code $JShell$1B}).
     * Holds only the active variables' snippets.
     */
    private final Map<VarSnippet, String> classNames = new java.util.IdentityHashMap<>();

    VariableTracker(JShell jshell, InProcessExecutionControl control) {
        this.jshell = jshell;
        this.control = control;
    }

    Snapshot snapshot() {
        Map<String, Object> values = new HashMap<>();
        for (VarSnippet variable : activeVariables()) {
            values.put(variable.name(), valueOf(variable));
        }
        return new Snapshot(values);
    }

    List<VariableChange> changes(Snapshot before, List<Snippet> declared) {
        Set<String> declaredNames = new HashSet<>();
        for (Snippet snippet : declared) {
            if (snippet instanceof VarSnippet variable) {
                declaredNames.add(variable.name());
            }
        }
        List<VariableChange> changes = new ArrayList<>();
        for (VarSnippet variable : activeVariables()) {
            Object now = valueOf(variable);
            boolean isDeclared = declaredNames.contains(variable.name());
            boolean known = before != null && before.values().containsKey(variable.name());
            if (isDeclared || !known || !same(before.values().get(variable.name()), now)) {
                changes.add(new VariableChange(variable.name(), variable.typeName(), shortText(now), isDeclared));
            }
        }
        return changes;
    }

    private List<VarSnippet> activeVariables() {
        List<VarSnippet> active = jshell.variables()
                .filter(v -> jshell.status(v) == Snippet.Status.VALID)
                .filter(v -> !v.name().startsWith("$"))
                .toList();
        Set<VarSnippet> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        keep.addAll(active);
        classNames.keySet().retainAll(keep);
        return active;
    }

    private Object valueOf(VarSnippet variable) {
        try {
            String className = classNames.computeIfAbsent(variable,
                    v -> jshell.sourceCodeAnalysis().wrapper(v).fullClassName());
            return control.variable(className, variable.name());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        boolean valueType = a instanceof Number || a instanceof String || a instanceof Boolean || a instanceof Character;
        return valueType && a.equals(b);
    }

    private static String shortText(Object value) {
        String text;
        try {
            text = RendererRegistry.plainText(value);
        } catch (RuntimeException | LinkageError | CellInterruptedError | ExitAttemptError e) {
            text = "<" + value.getClass().getName() + ": toString() failed: " + e + ">";
        }
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }
}
