package dev.jtrack.projects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The planning side of a workflow: dependency order, what a forced step drags along, and the
 * substitution of {@code {param}}, {@code {steps.X.artifacts}} and {@code {steps.X.run_id}} in a
 * step's parameters.
 */
public final class WorkflowPlan {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][\\w.-]*)}");
    private static final Pattern STEP_REF = Pattern.compile("steps\\.([A-Za-z0-9_.-]+)\\.(artifacts|run_id)");

    private WorkflowPlan() {}

    /**
     * The steps in an order where every step comes after the steps it needs (otherwise in the
     * order written).
     *
     * @throws IllegalArgumentException for a need naming no step, or a cycle
     */
    public static List<Step> order(List<Step> steps) {
        Map<String, Step> byName = new LinkedHashMap<>();
        for (Step s : steps) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two steps are called '" + s.name() + "'");
            }
        }
        for (Step s : steps) {
            for (String need : s.needs()) {
                if (!byName.containsKey(need)) {
                    throw new IllegalArgumentException("step '" + s.name() + "' needs '" + need + "', which is no step of the workflow");
                }
            }
        }
        List<Step> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (ordered.size() < steps.size()) {
            Step next = null;
            for (Step s : steps) {
                if (!done.contains(s.name()) && done.containsAll(s.needs())) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                List<String> stuck = steps.stream().map(Step::name).filter(n -> !done.contains(n)).toList();
                throw new IllegalArgumentException("the steps " + String.join(", ", stuck) + " need each other (a cycle)");
            }
            ordered.add(next);
            done.add(next.name());
        }
        return ordered;
    }

    /** {@code step} and every step that needs it, directly or not. */
    public static Set<String> withDependents(List<Step> steps, String step) {
        Set<String> out = new LinkedHashSet<>(List.of(step));
        for (Step s : order(steps)) {
            if (s.needs().stream().anyMatch(out::contains)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /**
     * The step's parameters with the placeholders replaced: {@code {p}} by the workflow's
     * parameter {@code p}, {@code {steps.X.artifacts}} and {@code {steps.X.run_id}} by what
     * {@code stepOutput} gives for a step {@code X} this step needs.
     *
     * @param workflowParams the workflow's resolved parameters (as text)
     * @param stepOutput (step, "artifacts" or "run_id") to its value
     * @throws IllegalArgumentException for an unknown placeholder or a step the step does not need
     */
    public static Map<String, String> substitute(Step step, Map<String, String> workflowParams,
                                                 java.util.function.BiFunction<String, String, String> stepOutput) {
        Map<String, String> out = new LinkedHashMap<>();
        step.parameters().forEach((k, template) -> out.put(k, replace(template, ref -> {
            Matcher m = STEP_REF.matcher(ref);
            if (m.matches()) {
                if (!step.needs().contains(m.group(1))) {
                    throw new IllegalArgumentException("step '" + step.name() + "' refers to {" + ref
                            + "} but does not need step '" + m.group(1) + "' (add it to needs)");
                }
                return stepOutput.apply(m.group(1), m.group(2));
            }
            String value = workflowParams.get(ref);
            if (value == null) {
                throw new IllegalArgumentException("step '" + step.name() + "', parameter '" + k + "': {" + ref
                        + "} is neither a parameter of the workflow nor steps.<step>.artifacts/run_id");
            }
            return value;
        })));
        return out;
    }

    private static String replace(String template, Function<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.apply(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
