package dev.jtrack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The jar under test and the launcher to run it, for integration tests that start real processes. */
public final class BuiltJar {
    private BuiltJar() {}

    /** The built fat jar named by system property {@code jtrack.jar} (failsafe sets it); fails when it is missing. */
    public static Path path() {
        String jar = System.getProperty("jtrack.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "system property jtrack.jar must name the built jar (run through mvn verify): " + jar);
        }
        return Path.of(jar).toAbsolutePath();
    }

    /** The {@code java} launcher of the JVM running the tests. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
