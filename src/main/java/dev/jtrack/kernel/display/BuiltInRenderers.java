package dev.jtrack.kernel.display;

import dev.jtrack.notebook.MimeString;
import java.awt.image.RenderedImage;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/** Registers the renderers jtrack ships with. */
final class BuiltInRenderers {
    private BuiltInRenderers() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void registerAll(RendererRegistry registry) {
        registry.register(MimeString.class, (value, requested, into) -> {
            into.put(value.mimeType(), value.text());
            if (!"text/plain".equals(value.mimeType())) {
                into.put("text/plain", value.text());
            }
        });
        registry.register(RenderedImage.class, new ImageRenderer());
        registry.register(Table.class, new TableRenderer());
        registry.register((Class) Chart.class, (Renderer) new ChartRenderer());
    }
}
