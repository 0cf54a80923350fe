package dev.jtrack.kernel.display;

import java.awt.image.RenderedImage;

/** Registers the renderers jtrack ships with. */
final class BuiltInRenderers {
    private BuiltInRenderers() {}

    static void registerAll(RendererRegistry registry) {
        registry.register(MimeText.class, (value, requested, into) -> {
            into.put(value.mimeType(), value.text());
            if (!"text/plain".equals(value.mimeType())) {
                into.put("text/plain", value.text());
            }
        });
        registry.register(RenderedImage.class, new ImageRenderer());
        // By name: Tablesaw and XChart are loaded only when a table or chart is shown.
        registry.register("tech.tablesaw.api.Table", TableRenderer::new);
        registry.register("org.knowm.xchart.internal.chartpart.Chart", ChartRenderer::new);
    }
}
