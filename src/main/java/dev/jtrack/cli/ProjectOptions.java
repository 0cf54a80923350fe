package dev.jtrack.cli;

import dev.jtrack.projects.ProjectError;
import dev.jtrack.projects.ProjectRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code jtrack run PROJECT} (a directory or git URI rather than an {@code .ipynb}
 * file): MLflow's {@code -e}, {@code -P name=value}, plus {@code --git-ref}, {@code --force},
 * {@code --resume} and {@code --java-home}.
 */
final class ProjectOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-e", "--entry-point"}, paramLabel = "ENTRY",
            description = "PROJECT: the entry point to run (default: main).")
    String entryPoint;

    @Option(names = "-P", paramLabel = "NAME=VALUE",
            description = "PROJECT: a parameter in MLflow's form (repeatable; -p NAME VALUE works too).")
    Map<String, String> mlflowParams = new LinkedHashMap<>();

    @Option(names = "--git-ref", paramLabel = "REF",
            description = "PROJECT (git URI): the commit, tag or branch to check out (default: the default branch).")
    String gitRef;

    @Option(names = "--force", arity = "0..1", fallbackValue = "", paramLabel = "STEP",
            description = "PROJECT workflow: rerun every step, or STEP and the steps that need it, even when cached.")
    String force;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "PROJECT workflow: continue that workflow run, running only what failed or never ran.")
    String resume;

    @Option(names = "--java-home", paramLabel = "DIR",
            description = "PROJECT: the JDK to run the project's entry points with (must match its java_env).")
    Path javaHome;

    /** Whether the PROJECT argument names a project rather than a notebook. */
    static boolean isProject(String argument) {
        return !argument.endsWith(".ipynb");
    }

    /** The positional argument as typed (a git URI must not go through Path). */
    String rawInput() {
        if (spec == null) {
            return null;
        }
        var matched = spec.commandLine().getParseResult().matchedPositional(0);
        return matched == null ? null : matched.originalStringValues().get(0);
    }

    /** Runs the project; {@code pairs} are the {@code -p}/{@code -f} values, which {@code -P} overlays. */
    int run(String project, Map<String, Object> pairs, String experiment, int parallel) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>(pairs);
        values.putAll(mlflowParams);
        try {
            return ProjectRunner.run(new ProjectRunner.Request(project, entryPoint, values, gitRef, experiment, parallel,
                    "".equals(force), force == null || force.isEmpty() ? null : force, resume, javaHome,
                    Path.of("").toAbsolutePath(), System.out, null));
        } catch (ProjectError e) {
            throw new UserError(e.getMessage(), 2);
        }
    }
}
