package dev.jtrack.autolog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jtrack.autolog.env.Environment;
import dev.jtrack.maven.ResolvedDependency;
import dev.jtrack.notebook.ActiveRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Captures the environment on the autolog worker thread and logs it to a run: once when the run
 * starts and again whenever it changed (new {@code %maven} dependencies or classpath entries, a
 * new git state, checked at most once a minute).
 */
final class EnvironmentRecorder {
    static final String ENVIRONMENT_ARTIFACT = "environment/environment.json";
    static final String VARIABLES_ARTIFACT = "environment/variables.json";
    static final String MAVEN_ARTIFACT = "environment/maven.txt";
    static final String DIFF_ARTIFACT = "environment/git.diff";
    private static final long GIT_RECHECK_NANOS = 60_000_000_000L;
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String jtrackVersion;
    private final List<String> compilerOptions;
    private final Path workingDir;
    private final Map<String, String> env;
    private Environment last;
    private long capturedAt;

    EnvironmentRecorder(String jtrackVersion, List<String> compilerOptions, Path workingDir, Map<String, String> env) {
        this.jtrackVersion = jtrackVersion;
        this.compilerOptions = List.copyOf(compilerOptions);
        this.workingDir = workingDir;
        this.env = Map.copyOf(env);
    }

    /** Captures now and logs everything to {@code run} (a new run). */
    void logTo(ActiveRun run, List<ResolvedDependency> dependencies, List<Path> classpath) {
        last = capture(dependencies, classpath);
        write(run, last);
    }

    /**
     * Logs the environment to {@code run} again when it changed; git is only asked again once a
     * minute unless {@code force} is set.
     */
    void refresh(ActiveRun run, List<ResolvedDependency> dependencies, List<Path> classpath, boolean force) {
        boolean listsChanged = last == null || dependencies.size() != last.dependencies().size()
                || classpath.size() != last.classpath().size();
        if (!listsChanged && !force && System.nanoTime() - capturedAt < GIT_RECHECK_NANOS) {
            return;
        }
        Environment now = capture(dependencies, classpath);
        if (now.differsFrom(last)) {
            last = now;
            write(run, now);
        }
    }

    /** The tags of the last capture (for runs started later), or an empty map. */
    Map<String, String> lastTags() {
        return last == null ? Map.of() : last.tags();
    }

    private Environment capture(List<ResolvedDependency> dependencies, List<Path> classpath) {
        capturedAt = System.nanoTime();
        return Environment.capture(jtrackVersion, compilerOptions, dependencies, classpath, workingDir, env);
    }

    private static void write(ActiveRun run, Environment e) {
        if (!run.isActive()) {
            return;
        }
        try {
            run.logText(PRETTY.writeValueAsString(e.toJson()), ENVIRONMENT_ARTIFACT);
            run.logText(PRETTY.writeValueAsString(e.variables()), VARIABLES_ARTIFACT);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the environment: " + ex.getMessage(), ex);
        }
        run.logText(e.mavenLines(), MAVEN_ARTIFACT);
        if (e.git() != null && e.git().dirty()) {
            run.logText(e.git().diff(), DIFF_ARTIFACT);
        }
        run.setTags(e.tags());
    }
}
