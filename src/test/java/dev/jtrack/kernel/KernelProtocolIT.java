package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the built kernel for each JDK in {@code JTRACK_TEST_JDKS} and drives it with Debian's
 * jupyter_client through every message of protocol 5.3 (src/test/python/kernel_driver.py):
 * kernel_info, execute with streams/result/error/display, silent, store_history, stop_on_error,
 * complete, inspect, is_complete, history, comms, stdin, interrupt, a wrongly signed message, restart.
 */
class KernelProtocolIT {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyMessageOnEveryJdk() throws Exception {
        KernelHarness.requireJupyter("jupyter_client");
        Path driver = Path.of("src/test/python/kernel_driver.py").toAbsolutePath();
        return KernelHarness.jdks().stream().map(jdk -> DynamicTest.dynamicTest("protocol on " + jdk, () -> {
            Path root = tmp.resolve(jdk.getFileName().toString());
            KernelHarness kernel = KernelHarness.install(jdk, root, "jtrack-it");
            KernelHarness.Result result = KernelHarness.run(
                    List.of(KernelHarness.PYTHON, driver.toString(), "jtrack-it"), kernel.env(), root, 600);
            System.out.println("--- kernel driver on " + jdk + "\n" + result.output());
            assertEquals(0, result.exit(), "kernel driver failed on " + jdk + ":\n" + result.output());
            assertTrue(result.output().contains("ALL PASSED"), result.output());
        }));
    }
}
