package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The child JVM's class path must not depend on the working directory it runs in. */
class SelfProcessTest {

    @Test
    void relativeClassPathEntriesBecomeAbsolute() {
        String here = Path.of("").toAbsolutePath().toString();
        String cp = String.join(File.pathSeparator, "target/jtrack.jar", "/opt/lib/a.jar", "lib/*");
        assertEquals(String.join(File.pathSeparator, here + "/target/jtrack.jar", "/opt/lib/a.jar", here + "/lib/*"),
                SelfProcess.absoluteClassPath(cp));
    }
}
