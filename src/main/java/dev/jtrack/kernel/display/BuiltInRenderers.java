package dev.jtrack.kernel.display;

import dev.jtrack.notebook.MimeString;

/** Registers the renderers jtrack ships with. */
final class BuiltInRenderers {
    private BuiltInRenderers() {}

    static void registerAll(RendererRegistry registry) {
        registry.register(MimeString.class, (value, requested, into) -> {
            into.put(value.mimeType(), value.text());
            if (!"text/plain".equals(value.mimeType())) {
                into.put("text/plain", value.text());
            }
        });
    }
}
