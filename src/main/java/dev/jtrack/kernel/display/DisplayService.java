package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import dev.jtrack.kernel.engine.StdioRouter;
import java.util.UUID;

/**
 * What the notebook API's {@code Display} calls: renders with the kernel's registry and sends to
 * the sink of the cell the calling thread belongs to. Outside a kernel (a plain Java program) the
 * {@code text/plain} form is printed instead.
 */
public final class DisplayService {
    private static volatile RendererRegistry registry = RendererRegistry.withBuiltIns();

    private DisplayService() {}

    /** The registry used for display calls and cell results. */
    public static RendererRegistry registry() {
        return registry;
    }

    /** Installs the kernel's registry. */
    public static void use(RendererRegistry renderers) {
        registry = renderers;
    }

    /** Shows {@code value}; returns the new display's id. */
    public static String display(Object value, String... mimeTypes) {
        MimeBundle bundle = registry.render(value, mimeTypes);
        String id = UUID.randomUUID().toString();
        OutputSink sink = StdioRouter.currentSink();
        if (sink == null) {
            System.out.println(bundle.plainText() == null ? bundle.toString() : bundle.plainText());
        } else {
            StdioRouter.flush(sink);
            sink.displayData(bundle, id);
        }
        return id;
    }

    /** Replaces the display {@code id} with {@code value}. */
    public static void update(String id, Object value, String... mimeTypes) {
        MimeBundle bundle = registry.render(value, mimeTypes);
        OutputSink sink = StdioRouter.currentSink();
        if (sink == null) {
            System.out.println(bundle.plainText());
        } else {
            StdioRouter.flush(sink);
            sink.updateDisplayData(bundle, id);
        }
    }

    /** Clears the cell's output. */
    public static void clear(boolean wait) {
        OutputSink sink = StdioRouter.currentSink();
        if (sink != null) {
            StdioRouter.flush(sink);
            sink.clearOutput(wait);
        }
    }
}
