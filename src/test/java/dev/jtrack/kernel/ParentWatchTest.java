package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

    @Test
    void onlyALiveOtherProcessNamedByJupyterIsWatched() throws Exception {
        assertFalse(ParentWatch.parentFrom(Map.of()).isPresent());
        assertFalse(ParentWatch.parentFrom(Map.of("JPY_PARENT_PID", "not a pid")).isPresent());
        assertFalse(ParentWatch.parentFrom(Map.of("JPY_PARENT_PID", "1")).isPresent());
        assertFalse(ParentWatch.parentFrom(Map.of("JPY_PARENT_PID",
                String.valueOf(ProcessHandle.current().pid()))).isPresent());
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertEquals(sleeper.pid(), ParentWatch.parentFrom(Map.of("JPY_PARENT_PID",
                    " " + sleeper.pid() + " ")).orElseThrow().pid());
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertFalse(ParentWatch.parentFrom(Map.of("JPY_PARENT_PID", String.valueOf(sleeper.pid()))).isPresent());
    }

    @Test
    void theKernelIsToldOnceWhenItsParentDies() throws Exception {
        Process parent = new ProcessBuilder("sleep", "30").start();
        CountDownLatch told = new CountDownLatch(1);
        Thread watch = ParentWatch.watch(parent.toHandle(), Duration.ofMillis(50), told::countDown);
        assertTrue(watch.isDaemon());
        assertFalse(told.await(300, TimeUnit.MILLISECONDS), "told while the parent lives");
        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(told.await(10, TimeUnit.SECONDS), "not told after the parent died");
        watch.join(5_000);
        assertFalse(watch.isAlive());
    }
}
