package dev.jtrack.kernel.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.notebook.MimeString;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RendererRegistryTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private final RendererRegistry registry = RendererRegistry.withBuiltIns();

    @Test
    void plainTextFallbackForAnything() {
        assertEquals("42", registry.render(42).plainText());
        assertEquals("[1, 2]", registry.render(new int[] {1, 2}).plainText());
        assertEquals("null", registry.render(null).plainText());
        assertEquals(List.of("text/plain"), List.copyOf(registry.render(List.of(1)).data().keySet()));
    }

    @Test
    void mostSpecificTypeWinsClassesBeforeInterfaces() {
        registry.register(Object.class, (v, r, b) -> b.put("text/x-kind", "object"));
        registry.register(List.class, (v, r, b) -> b.put("text/x-kind", "list"));
        registry.register(java.util.AbstractList.class, (v, r, b) -> b.put("text/x-kind", "abstract-list"));
        registry.register(java.util.RandomAccess.class, (v, r, b) -> b.put("text/x-kind", "random-access"));
        assertEquals("abstract-list", registry.render(new ArrayList<>()).data().get("text/x-kind"));
        assertEquals("list", registry.render(List.of(1)).data().get("text/x-kind"));
        assertEquals("object", registry.render("s").data().get("text/x-kind"));
    }

    @Test
    void imageBecomesPng() throws Exception {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, Color.RED.getRGB());
        MimeBundle bundle = registry.render(image);
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(7, back.getWidth());
        assertEquals(5, back.getHeight());
        assertEquals(Color.RED.getRGB(), back.getRGB(3, 2));
        assertEquals(Map.of("width", 7, "height", 5), bundle.metadata().get("image/png"));
    }

    @Test
    void tableBecomesEscapedHtmlAndText() {
        Table table = Table.create("scores",
                StringColumn.create("name", "<b>Ada</b>", "Bob & Co"),
                DoubleColumn.create("score", 1.5, 2.0));
        MimeBundle bundle = registry.render(table);
        String html = (String) bundle.data().get("text/html");
        assertTrue(html.contains("<th>name</th><th>score</th>"), html);
        assertTrue(html.contains("<td>&lt;b&gt;Ada&lt;/b&gt;</td>"), html);
        assertTrue(html.contains("<td>Bob &amp; Co</td>"), html);
        assertFalse(html.contains("<b>Ada"), html);
        assertTrue(html.contains("scores: 2 rows × 2 columns"), html);
        assertTrue(bundle.plainText().contains("Bob & Co"), bundle.plainText());
    }

    @Test
    void longTableShowsHeadAndTailWithRowCount() {
        double[] values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Table table = Table.create("long", DoubleColumn.create("x", values));
        String html = (String) registry.render(table).data().get("text/html");
        assertTrue(html.contains("<tr><th>9</th><td>9</td></tr>"), html);
        assertFalse(html.contains("<tr><th>10</th>"), html);
        assertTrue(html.contains("<tr><th>…</th><td>…</td></tr>"), html);
        assertFalse(html.contains("<tr><th>94</th>"), html);
        assertTrue(html.contains("<tr><th>95</th><td>95</td></tr>"), html);
        assertTrue(html.contains("<tr><th>99</th><td>99</td></tr>"), html);
        assertTrue(html.contains("100 rows × 1 column (showing the first 10 and last 5)"), html);
        assertEquals(1 + 10 + 1 + 5, html.split("<tr><th>", -1).length - 1); // header, head, ellipsis, tail
    }

    private static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        return chart;
    }

    @Test
    void chartBecomesPngOfItsSizeDrawnAtTwiceForHiDpi() throws Exception {
        MimeBundle bundle = registry.render(chart());
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(640, back.getWidth());
        assertEquals(400, back.getHeight());
        assertEquals(Map.of("width", 320, "height", 200), bundle.metadata().get("image/png"));
        assertEquals("XYChart \"loss\" 320x200", bundle.plainText());
    }

    @Test
    void chartAsSvgOnRequest() {
        MimeBundle bundle = registry.render(chart(), "image/svg+xml");
        assertEquals(List.of("image/svg+xml"), List.copyOf(bundle.data().keySet()));
        String svg = (String) bundle.data().get("image/svg+xml");
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
    }

    @Test
    void mimeStringShowsAsItsType() {
        MimeBundle bundle = registry.render(new MimeString("text/markdown", "# Title"));
        assertEquals("# Title", bundle.data().get("text/markdown"));
        assertEquals("# Title", bundle.plainText());
    }

    @Test
    void textWithAnExplicitMimeTypeIsShownAsThatType() {
        MimeBundle html = registry.render("<b>hi</b>", "text/html");
        assertEquals(java.util.Map.of("text/html", "<b>hi</b>"), html.data());
        MimeBundle both = registry.render(new StringBuilder("# T"), "text/markdown", "text/plain");
        assertEquals("# T", both.data().get("text/markdown"));
        assertEquals("# T", both.data().get("text/plain"));
        MimeBundle json = registry.render("{\"a\": [1, 2]}", "application/json");
        assertEquals(java.util.Map.of("a", List.of(1, 2)), json.data().get("application/json"));
        assertEquals("not json", registry.render("not json", "application/vnd.x+json").data().get("application/vnd.x+json"));
    }

    @Test
    void unavailableMimeTypeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.render(42, "image/png"));
        assertTrue(e.getMessage().contains("cannot show a java.lang.Integer as image/png"), e.getMessage());
    }

    @Test
    void htmlEscapesEverythingDangerous() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.escape("<a href=\"x\">&'"));
    }
}
