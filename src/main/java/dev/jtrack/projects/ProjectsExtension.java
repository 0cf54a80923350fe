package dev.jtrack.projects;

import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;

/**
 * Registers {@code %run_project} ({@link RunProjectMagic}); loaded by the kernel through
 * {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension}.
 */
public final class ProjectsExtension implements KernelExtension {
    /** Needed by the service loader. */
    public ProjectsExtension() {}

    @Override
    public void onStart(KernelSession kernel) {
        kernel.registerLineMagic("run_project", (args, ctx) -> RunProjectMagic.run(args));
    }
}
