package dev.jtrack.notebook;

import dev.jtrack.kernel.extension.CallObserver;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;
import java.util.List;
import java.util.Set;

/**
 * Brings the notebook API into every kernel session: {@link Display}'s methods ({@code display},
 * {@code html}, ...) need no import, and library autologging ({@link Autolog}) sees the training
 * and evaluation calls cells make (on unless {@code JTRACK_AUTOLOG=off}).
 */
public final class NotebookExtension implements KernelExtension {
    /** Used by {@link java.util.ServiceLoader}. */
    public NotebookExtension() {}

    @Override
    public List<String> staticImports() {
        return List.of(Display.class.getName());
    }

    @Override
    public void onStart(KernelSession session) {
        Set<String> methods = Autolog.observedMethods();
        if (methods.isEmpty()) return;
        if (!"off".equalsIgnoreCase(String.valueOf(System.getenv("JTRACK_AUTOLOG")).strip())) {
            Autolog.enable();
        }
        session.observeCalls(new CallObserver() {
            @Override
            public Set<String> methods() {
                return methods;
            }

            @Override
            public void returned(String method, Object result, java.util.List<Object> arguments, long elapsedNanos) {
                Autolog.observed(method, result, arguments, elapsedNanos);
            }
        });
    }
}
