package dev.jtrack.notebook;

import dev.jtrack.kernel.extension.KernelExtension;
import java.util.List;

/**
 * Brings the notebook API into every kernel session: {@link Display}'s methods ({@code display},
 * {@code html}, ...) need no import.
 */
public final class NotebookExtension implements KernelExtension {
    /** Used by {@link java.util.ServiceLoader}. */
    public NotebookExtension() {}

    @Override
    public List<String> staticImports() {
        return List.of(Display.class.getName());
    }
}
