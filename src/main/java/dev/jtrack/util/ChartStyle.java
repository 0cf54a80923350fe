package dev.jtrack.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * jtrack's default look for its XChart charts, instead of XChart's grey frame: white background,
 * no plot border, a light grid, readable sans-serif fonts (the PNGs are drawn at 2x) and the
 * Okabe-Ito palette, which stays distinguishable with colour-vision deficiencies. Applied when a
 * chart is made; everything can still be changed through {@code chart.getStyler()}.
 */
public final class ChartStyle {
    /** Okabe & Ito's colour-blind safe palette (black moved last). */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
    };
    private static final Color TEXT = new Color(0x333333);
    private static final Color GRID = new Color(0xE6E6E6);

    private ChartStyle() {}

    /** Applies the default look to {@code styler} and returns it. */
    public static <S extends Styler> S apply(S styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartFontColor(TEXT);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendBackgroundColor(Color.WHITE);
        styler.setSeriesColors(PALETTE);
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
        if (styler instanceof AxesChartStyler axes) {
            axes.setPlotGridLinesVisible(true);
            axes.setPlotGridLinesColor(GRID);
            axes.setPlotGridLinesStroke(new BasicStroke(1f));
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axes.setAxisTickLabelsColor(TEXT);
            axes.setAxisTickMarksColor(GRID);
            axes.setAxisTicksLineVisible(false);
            axes.setPlotTicksMarksVisible(false);
        }
        return styler;
    }
}
