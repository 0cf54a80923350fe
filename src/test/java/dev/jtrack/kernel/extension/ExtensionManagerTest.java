package dev.jtrack.kernel.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.display.Renderer;
import dev.jtrack.kernel.magics.CellMagic;
import dev.jtrack.kernel.magics.LineMagic;
import dev.jtrack.maven.ResolvedDependency;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionManagerTest {
    static final List<String> CALLS = new ArrayList<>();

    static final class Failing implements KernelExtension {
        @Override
        public void beforeCell(CellStart cell) {
            throw new IllegalStateException("broken extension");
        }

        @Override
        public void onShutdown() {
            CALLS.add("failing shutdown");
        }
    }

    static final class Working implements KernelExtension {
        @Override
        public void onStart(KernelSession session) {
            CALLS.add("start");
        }

        @Override
        public void beforeCell(CellStart cell) {
            CALLS.add("before " + cell.executionCount());
        }

        @Override
        public void onShutdown() {
            CALLS.add("working shutdown");
        }
    }

    @Test
    void aFailingHookDoesNotStopTheOthersAndEachExtensionLoadsOnce() {
        CALLS.clear();
        ExtensionManager manager = new ExtensionManager(new NoSession());
        assertTrue(manager.add(new Failing()));
        assertTrue(manager.add(new Working()));
        assertFalse(manager.add(new Working()));
        manager.beforeCell(new CellStart("1", null, 7, Instant.now()));
        manager.afterCell(new CellRecord("1", null, 7, Instant.now(), Duration.ZERO,
                CellStatus.OK, "", "", List.of(), null, null, List.of()));
        manager.shutdown();
        assertEquals(List.of("start", "before 7", "failing shutdown", "working shutdown"), CALLS);
    }

    private static final class NoSession implements KernelSession {
        @Override
        public void registerLineMagic(String name, LineMagic magic) {}

        @Override
        public void registerCellMagic(String name, CellMagic magic) {}

        @Override
        public <T> void registerRenderer(Class<T> type, Renderer<? super T> renderer) {}

        @Override
        public String javaVersion() {
            return "17";
        }

        @Override
        public List<String> compilerOptions() {
            return List.of();
        }

        @Override
        public List<Path> classpath() {
            return List.of();
        }

        @Override
        public List<ResolvedDependency> dependencies() {
            return List.of();
        }

        @Override
        public ClassLoader notebookClassLoader() {
            return getClass().getClassLoader();
        }
    }
}
