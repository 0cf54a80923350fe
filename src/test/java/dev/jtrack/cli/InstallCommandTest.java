package dev.jtrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's JVM options as {@code jtrack install} writes them into the kernelspec. */
class InstallCommandTest {
    @Test
    void defaultsWhenTheUserGivesNone() {
        assertEquals(InstallCommand.DEFAULT_JVM_OPTS, InstallCommand.jvmOptions(null));
        assertTrue(InstallCommand.DEFAULT_JVM_OPTS.stream().noneMatch(o -> o.startsWith("-Xmx")),
                "no maximum heap: the notebook keeps the JVM's default headroom");
    }

    @Test
    void userOptionsComeLastSoTheyWin() {
        List<String> options = InstallCommand.jvmOptions("-XX:TieredStopAtLevel=4 -Xmx8g");
        assertEquals(List.of("-XX:TieredStopAtLevel=4", "-Xmx8g"), options.subList(options.size() - 2, options.size()));
        assertTrue(options.contains("-XX:+UseSerialGC"));
    }

    @Test
    void aCollectorTheUserNamesReplacesTheDefaultOne() {
        List<String> options = InstallCommand.jvmOptions("-XX:+UseG1GC -Xmx4g");
        assertFalse(options.contains("-XX:+UseSerialGC"), options.toString());
        assertTrue(options.contains("-XX:+UseG1GC") && options.contains("-XX:TieredStopAtLevel=1"), options.toString());
    }
}
