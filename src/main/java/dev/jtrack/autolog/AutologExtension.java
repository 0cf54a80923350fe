package dev.jtrack.autolog;

import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.kernel.extension.CellStart;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;
import java.nio.file.Path;

/**
 * Auto-tracks notebook sessions: loaded by the kernel through
 * {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension}. Registers the tracking
 * magics and hands every executed cell to the {@link AutologSession}.
 */
public final class AutologExtension implements KernelExtension {
    private AutologSession session;

    /** Needed by the service loader. */
    public AutologExtension() {}

    /** The session this extension records into, or null before {@link #onStart} (for the headless runner). */
    public AutologSession session() {
        return session;
    }


    /** {@inheritDoc} */
    @Override
    public java.util.List<String> defaultImports() {
        return java.util.List.of("dev.jtrack.notebook.Tracking", "dev.jtrack.notebook.ActiveRun");
    }

    @Override
    public void onStart(KernelSession kernel) {
        session = new AutologSession(kernel, System.getenv(), Path.of("").toAbsolutePath());
        TrackingMagics.register(kernel, session);
        session.start();
    }

    @Override
    public void beforeCell(CellStart cell) {
        if (session != null) {
            session.beforeCell(cell.code());
        }
    }

    @Override
    public void afterCell(CellRecord record) {
        if (session != null) {
            session.afterCell(record);
        }
    }

    @Override
    public void onShutdown() {
        if (session != null) {
            session.shutdown();
        }
    }
}
