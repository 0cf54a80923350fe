package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * XChart charts → {@code image/png}, drawn at {@value #SCALE}× the chart's size with the chart's
 * size as the image's width/height metadata, so that it is sharp on HiDPI screens;
 * {@code image/svg+xml} too when asked for ({@code display(chart, "image/svg+xml")}), through
 * XChart's VectorGraphicsEncoder.
 */
final class ChartRenderer implements Renderer<Chart<?, ?>> {
    static final String SVG = "image/svg+xml";
    /** Device pixels per chart point in the PNG. */
    static final int SCALE = 2;

    @Override
    public void render(Chart<?, ?> chart, Set<String> requested, MimeBundle into) {
        if (requested.isEmpty() || requested.contains("image/png")) {
            try {
                byte[] png = png(chart, SCALE);
                into.put("image/png", Base64.getEncoder().encodeToString(png));
                into.putMetadata("image/png", Map.of("width", chart.getWidth(), "height", chart.getHeight()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (requested.contains(SVG)) {
            into.put(SVG, svg(chart));
        }
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        into.put("text/plain", chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "x" + chart.getHeight());
    }

    /** The chart as PNG bytes, {@code scale} pixels per point. */
    static byte[] png(Chart<?, ?> chart, int scale) throws IOException {
        BufferedImage image = new BufferedImage(chart.getWidth() * scale, chart.getHeight() * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String svg(Chart<?, ?> chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toString(StandardCharsets.UTF_8);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("SVG output needs de.erichseifert.vectorgraphics2d:VectorGraphics2D"
                    + " on the classpath (%maven de.erichseifert.vectorgraphics2d:VectorGraphics2D:0.13)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
