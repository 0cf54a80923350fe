package dev.jtrack.models.evaluation;

import dev.jtrack.util.ChartStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation plots, drawn with XChart in jtrack's {@link ChartStyle}: confusion matrix, ROC
 * and precision-recall curves for classification; residuals and predicted-vs-actual for
 * regression. Keys are the artifact file names (MLflow's where it has one).
 */
final class EvaluationCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private EvaluationCharts() {}

    static Map<String, Chart<?, ?>> of(Scored scored, Scored.Metrics metrics) {
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        if (metrics.classification() != null) {
            ClassificationMetrics.Result r = metrics.classification();
            charts.put("confusion_matrix.png", confusionMatrix(r));
            if (!r.curves().isEmpty()) {
                charts.put("roc_curve_plot.png", roc(r.curves()));
                charts.put("precision_recall_curve_plot.png", precisionRecall(r.curves()));
            }
        } else {
            charts.put("residuals_plot.png", residuals(scored.truth(), scored.predicted()));
            charts.put("predicted_vs_actual_plot.png", predictedVsActual(scored.truth(), scored.predicted()));
        }
        return charts;
    }

    static HeatMapChart confusionMatrix(ClassificationMetrics.Result r) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title("Confusion matrix")
                .xAxisTitle("Predicted label").yAxisTitle("True label").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(0x0072B2)});
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        List<String> labels = r.labels();
        List<Number[]> cells = new ArrayList<>();
        int k = labels.size();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) cells.add(new Number[] {p, k - 1 - t, r.confusion()[t][p]});
        }
        List<String> reversed = new ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        chart.addSeries("count", labels, reversed, cells);
        return chart;
    }

    static XYChart roc(List<Curves.Binary> curves) {
        XYChart chart = lines("ROC curve", "False positive rate", "True positive rate");
        for (Curves.Binary c : curves) {
            addLine(chart, c.positiveLabel() + String.format(" (AUC=%.3f)", c.rocAuc()), c.roc(), 0, 1);
        }
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {4f, 4f}, 0f));
        chance.setLineColor(java.awt.Color.GRAY);
        return chart;
    }

    static XYChart precisionRecall(List<Curves.Binary> curves) {
        XYChart chart = lines("Precision-recall curve", "Recall", "Precision");
        for (Curves.Binary c : curves) {
            List<double[]> points = new ArrayList<>();
            points.add(new double[] {0, c.precisionRecall().isEmpty() ? 1 : c.precisionRecall().get(0)[1]});
            points.addAll(c.precisionRecall());
            addLine(chart, c.positiveLabel() + String.format(" (AP=%.3f)", c.averagePrecision()), points, 0, 1);
        }
        return chart;
    }

    static XYChart residuals(double[] truth, double[] predicted) {
        double[] residual = new double[truth.length];
        for (int i = 0; i < truth.length; i++) residual[i] = truth[i] - predicted[i];
        XYChart chart = scatter("Residuals", "Predicted", "Actual − predicted");
        chart.addSeries("residual", predicted, residual);
        return chart;
    }

    static XYChart predictedVsActual(double[] truth, double[] predicted) {
        XYChart chart = scatter("Predicted vs actual", "Actual", "Predicted");
        chart.addSeries("rows", truth, predicted);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < truth.length; i++) {
            lo = Math.min(lo, Math.min(truth[i], predicted[i]));
            hi = Math.max(hi, Math.max(truth[i], predicted[i]));
        }
        XYSeries ideal = chart.addSeries("predicted = actual", new double[] {lo, hi}, new double[] {lo, hi});
        ideal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        ideal.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static XYChart lines(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    private static XYChart scatter(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    private static void addLine(XYChart chart, String name, List<double[]> points, int xi, int yi) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[xi];
            y[i] = points.get(i)[yi];
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }
}
