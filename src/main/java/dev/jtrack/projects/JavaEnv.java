package dev.jtrack.projects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's {@code java_env}: the JDK it needs ({@code "17"}, {@code "17+"} or {@code "17-21"}),
 * the Maven coordinates on its class path, and JVM options for the programs it starts.
 *
 * @param java the JDK spec, or null for any JDK jtrack runs on
 * @param dependencies Maven coordinates ({@code group:artifact:version})
 * @param jvmOptions options for the JVMs the project's entry points run in
 */
public record JavaEnv(String java, List<String> dependencies, List<String> jvmOptions) {
    private static final Pattern SPEC = Pattern.compile("(\\d+)(\\+|-(\\d+))?");
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(1\\.)?(\\d+)");

    /** No requirements. */
    public static final JavaEnv NONE = new JavaEnv(null, List.of(), List.of());

    public JavaEnv {
        dependencies = List.copyOf(dependencies);
        jvmOptions = List.copyOf(jvmOptions);
        if (java != null && !SPEC.matcher(java.strip()).matches()) {
            throw new ProjectError("java_env.java '" + java + "' is not a JDK spec (use 17, 17+ or 17-21)");
        }
    }

    /** Whether a JDK of feature version {@code major} satisfies the spec. */
    public boolean accepts(int major) {
        if (java == null) {
            return true;
        }
        Matcher m = SPEC.matcher(java.strip());
        m.matches();
        int low = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return major == low;
        }
        if (m.group(2).equals("+")) {
            return major >= low;
        }
        return major >= low && major <= Integer.parseInt(m.group(3));
    }

    /**
     * The Java home to run the project with: {@code explicit} ({@code --java-home}) when given
     * (it must match), else this JVM's when it matches, else {@code javaHomeEnv} ({@code JAVA_HOME})
     * when that matches.
     *
     * @throws ProjectError naming the spec and the JDKs tried when none matches
     */
    public Path chooseJavaHome(Path explicit, Path current, int currentMajor, Path javaHomeEnv) {
        if (explicit != null) {
            int major = majorVersion(explicit);
            if (major > 0 && accepts(major)) {
                return explicit;
            }
            throw new ProjectError("--java-home " + explicit + " is " + (major < 0 ? "not a JDK" : "JDK " + major)
                    + (java == null ? "" : ", but the project needs JDK " + java + " (java_env)"));
        }
        if (accepts(currentMajor)) {
            return current;
        }
        String tried = current + " (JDK " + currentMajor + ")";
        if (javaHomeEnv != null) {
            int major = majorVersion(javaHomeEnv);
            if (major > 0 && accepts(major)) {
                return javaHomeEnv;
            }
            tried += ", JAVA_HOME " + javaHomeEnv + " (" + (major < 0 ? "not a JDK" : "JDK " + major) + ")";
        }
        throw new ProjectError("the project needs JDK " + java + " (java_env), but found " + tried
                + "; set JAVA_HOME or pass --java-home to a matching JDK");
    }

    /** The feature version of the JDK at {@code home} from its {@code release} file, or -1. */
    public static int majorVersion(Path home) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(2)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
