package dev.jtrack.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Param;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

class ChartsTest {
    @TempDir
    Path dir;

    CompareFixture f;
    List<String> ids = new ArrayList<>();

    @BeforeEach
    void runs() {
        f = new CompareFixture(dir);
        for (int r = 0; r < 3; r++) {
            double[] loss = new double[3000];
            for (int s = 0; s < loss.length; s++) {
                loss[s] = (r + 1) * 10.0 / (1 + s);
            }
            ids.add(f.run("run" + r, 1_000_000L * (r + 1), List.of(new Param("lr", String.valueOf(0.1 * (r + 1)))), "loss", loss));
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** Pixels that are clearly coloured (not white, grey or black): where series are drawn. */
    static int colouredPixels(Chart<?, ?> chart) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertEquals(chart.getWidth(), image.getWidth());
        assertEquals(chart.getHeight(), image.getHeight());
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void historyHasALinePerRunDownsampledAndDrawn() {
        XYChart chart = f.source().historyChart("loss", HistoryOptions.defaults().size(400, 300), ids);
        assertEquals(List.of("run0", "run1", "run2"), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries first = chart.getSeriesMap().get("run0");
        double[] x = first.getXData();
        assertTrue(x.length <= 4 * 400 + 4, "downsampled to about 4 points per pixel column: " + x.length);
        assertEquals(0, x[0]);
        assertEquals(2999, x[x.length - 1], "last step kept");
        assertEquals(10.0, Arrays.stream(first.getYData()).max().orElseThrow(), "the peak survives");
        assertEquals(400, chart.getWidth());
        assertTrue(colouredPixels(chart) > 500, "lines are drawn");
        XYChart empty = new org.knowm.xchart.XYChartBuilder().width(400).height(300).build();
        empty.addSeries("none", new double[] {0}, new double[] {0}).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        empty.getStyler().setLegendVisible(false);
        int none = colouredPixels(empty);
        assertTrue(none < 50, "the pixel count tells drawn lines from an empty plot: " + none);
    }

    @Test
    void chartsHaveTheCleanDefaultStyleAndCanBeRestyled() throws Exception {
        XYChart chart = f.source().historyChart("loss", HistoryOptions.defaults().size(400, 300), ids);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertEquals(0xFFFFFF, image.getRGB(2, 2) & 0xFFFFFF, "white around the chart, no grey frame");
        assertEquals(java.awt.Color.WHITE, chart.getStyler().getPlotBackgroundColor());
        assertEquals(false, chart.getStyler().isPlotBorderVisible());
        assertEquals(new java.awt.Color(0x0072B2), chart.getStyler().getSeriesColors()[0], "Okabe-Ito palette");
        assertTrue(chart.getStyler().getAxisTickLabelsFont().getSize() >= 12);
        if (System.getenv("JTRACK_CHART_PNG") != null) {
            BitmapEncoder.saveBitmapWithDPI(chart, System.getenv("JTRACK_CHART_PNG"), BitmapEncoder.BitmapFormat.PNG, 144);
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.BLACK);
        assertEquals(0, BitmapEncoder.getBufferedImage(chart).getRGB(2, 2) & 0xFFFFFF, "users can still restyle");
    }

    @Test
    void historyOptions() {
        XYChart log = f.source().historyChart("loss", HistoryOptions.defaults().logY().x(HistoryOptions.XAxis.RELATIVE_TIME), ids);
        assertTrue(log.getStyler().isYAxisLogarithmic());
        XYSeries s = log.getSeriesMap().get("run1");
        assertEquals(0.0, s.getXData()[0]);
        assertEquals(299.9, s.getXData()[s.getXData().length - 1], 1e-9, "100 ms per step, in seconds");
        assertTrue(colouredPixels(log) > 500);
        XYChart wall = f.source().historyChart("loss", HistoryOptions.defaults().x(HistoryOptions.XAxis.WALL_TIME), ids.subList(0, 1));
        assertEquals(1_000_000.0, wall.getSeriesMap().get("run0").getXData()[0]);
        assertTrue(colouredPixels(wall) > 200);
        XYChart smooth = f.source().historyChart("loss", HistoryOptions.defaults().smoothing(0.9), ids.subList(0, 1));
        double[] y = smooth.getSeriesMap().get("run0").getYData();
        assertEquals(10.0, y[0], 1e-9, "debiased: the first point is the first value");
        assertTrue(y[1] > 5.0, "smoothed toward the past: " + y[1]);
        assertThrows(IllegalArgumentException.class, () -> HistoryOptions.defaults().smoothing(1.0));
        assertThrows(IllegalArgumentException.class, () -> f.source().historyChart("nope", HistoryOptions.defaults(), ids));
    }

    @Test
    void scatterMarksTheBestRun() {
        Table runs = f.source().search(null);
        XYChart max = Charts.scatter(runs, "lr", "loss", false);
        assertEquals(2, max.getSeriesMap().size());
        assertEquals(3, max.getSeriesMap().get("runs").getXData().length);
        XYSeries best = max.getSeriesMap().get("best: run2");
        assertArrayEquals(new double[] {0.30000000000000004}, best.getXData());
        XYChart min = Charts.scatter(runs, "params.lr", "metrics.loss", true);
        assertTrue(min.getSeriesMap().containsKey("best: run0"), min.getSeriesMap().keySet().toString());
        BufferedImage image = BitmapEncoder.getBufferedImage(min);
        int red = 0;
        for (int py = 0; py < image.getHeight(); py++) {
            for (int px = 0; px < image.getWidth(); px++) {
                if ((image.getRGB(px, py) & 0xffffff) == 0xD62728) {
                    red++;
                }
            }
        }
        assertTrue(red > 20, "the best run's marker is drawn in red: " + red);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.scatter(runs, "momentum", "loss", false));
        assertTrue(e.getMessage().contains("params.momentum"), e.getMessage());
    }

    @Test
    void barHasABarPerRunWithTheMetric() {
        Table runs = f.source().search(null);
        CategoryChart bar = Charts.bar(runs, "loss");
        assertEquals(1, bar.getSeriesMap().size());
        List<?> names = new ArrayList<>(bar.getSeriesMap().get("loss").getXData());
        assertEquals(List.of("run2", "run1", "run0"), names);
        List<? extends Number> values = new ArrayList<>(bar.getSeriesMap().get("loss").getYData());
        assertEquals(30.0 / 3000, values.get(0).doubleValue(), 1e-12);
        assertTrue(colouredPixels(bar) > 1000, "bars are drawn");
        assertThrows(IllegalArgumentException.class, () -> Charts.bar(runs, "acc"));
    }

    @Test
    void parallelCoordinatesHaveAnAxisPerParamAndALinePerRun() throws Exception {
        Table runs = Table.create("runs",
                tech.tablesaw.api.StringColumn.create("run_id", "a0000000", "b0000000", "c0000000", "d0000000"),
                tech.tablesaw.api.StringColumn.create("run_name", "a", "b", "c", "d"),
                tech.tablesaw.api.DoubleColumn.create("params.lr", 0.1, 0.3, 0.2, Double.NaN),
                tech.tablesaw.api.StringColumn.create("params.model", "svm", "tree", "svm", "tree"),
                tech.tablesaw.api.DoubleColumn.create("metrics.acc", 0.7, 0.9, 0.8, 0.95));
        XYChart chart = Charts.parallel(runs, List.of(), "acc", false);
        List<String> names = List.copyOf(chart.getSeriesMap().keySet());
        assertEquals(List.of("axis params.lr", "axis params.model", "axis metrics.acc", "a", "c", "best: b"), names,
                "three axes, then the runs with every value (d lacks lr), the best last");
        XYSeries best = chart.getSeriesMap().get("best: b");
        assertArrayEquals(new double[] {0, 1, 2}, best.getXData());
        assertArrayEquals(new double[] {1, 1, 1}, best.getYData(), 1e-9, "highest lr, last model, best acc");
        assertArrayEquals(new double[] {0, 0, 0}, chart.getSeriesMap().get("a").getYData(), 1e-9);
        assertEquals(new java.awt.Color(0xD6, 0x27, 0x28), best.getLineColor());
        assertTrue(colouredPixels(chart) > 1000, "lines drawn");
        XYChart min = Charts.parallel(runs, List.of("lr"), "metrics.acc", true);
        assertEquals(2 + 3, min.getSeriesMap().size());
        assertTrue(min.getSeriesMap().containsKey("best: a"));
        assertThrows(IllegalArgumentException.class, () -> Charts.parallel(runs, List.of("depth"), "acc", false));
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", dir.resolve("parallel.png").toFile());
        if (System.getProperty("jtrack.keepCharts") != null) {
            java.nio.file.Files.copy(dir.resolve("parallel.png"), Path.of(System.getProperty("jtrack.keepCharts")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void minMaxDownsamplingKeepsEveryExtreme() {
        int n = 100_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 1000.0);
        }
        y[54_321] = 50;
        y[77_777] = -50;
        Downsample.Series s = Downsample.minMax(x, y, 500);
        assertTrue(s.size() <= 2000, "at most 4 per bucket: " + s.size());
        assertTrue(s.size() >= 1000, "at least min and max per bucket: " + s.size());
        assertEquals(50, Arrays.stream(s.y()).max().orElseThrow());
        assertEquals(-50, Arrays.stream(s.y()).min().orElseThrow());
        assertEquals(0, s.x()[0]);
        assertEquals(n - 1, s.x()[s.size() - 1]);
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.x()[i] > s.x()[i - 1], "x ascending");
        }
        double[] few = {1, 2, 3};
        assertEquals(3, Downsample.minMax(few, few, 500).size(), "short series unchanged");
    }
}
