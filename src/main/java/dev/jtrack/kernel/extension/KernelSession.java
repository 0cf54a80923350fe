package dev.jtrack.kernel.extension;

import dev.jtrack.kernel.display.Renderer;
import dev.jtrack.kernel.magics.CellMagic;
import dev.jtrack.kernel.magics.LineMagic;
import dev.jtrack.maven.ResolvedDependency;
import java.nio.file.Path;
import java.util.List;

/** The kernel as an extension sees it. */
public interface KernelSession {
    /** Registers a line magic {@code %name}. */
    void registerLineMagic(String name, LineMagic magic);

    /** Registers a cell magic {@code %%name}. */
    void registerCellMagic(String name, CellMagic magic);

    /** Registers a renderer for {@code type} and its subtypes. */
    <T> void registerRenderer(Class<T> type, Renderer<? super T> renderer);

    /** The Java feature version the kernel runs on, e.g. {@code "17"}. */
    String javaVersion();

    /** The compiler options the kernel was started with. */
    List<String> compilerOptions();

    /** Jars and directories added to the notebook's classpath so far. */
    List<Path> classpath();

    /** Artifacts resolved by {@code %maven} so far, in order. */
    List<ResolvedDependency> dependencies();

    /** The class loader of notebook code (for extensions that load user classes). */
    ClassLoader notebookClassLoader();

    /**
     * The kernel's Jupyter comms: register comm targets front ends may open, open comms from the
     * kernel. Outside a kernel with front ends (headless runs) a detached instance whose comms go
     * nowhere.
     */
    default dev.jtrack.kernel.comm.Comms comms() {
        return dev.jtrack.kernel.comm.Comms.current();
    }

    /**
     * Makes {@code observer} see the calls of its methods that cells make from now on (cells
     * compiled before are not rewritten). A kernel that cannot observe calls ignores it.
     */
    default void observeCalls(CallObserver observer) {}
}
