package dev.jtrack.models.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.evaluation.Evaluation;

/**
 * The metrics of a Tribuo evaluation under MLflow-like names. Classification and regression
 * specifics sit in classes of their own, linked only when such an evaluation is seen (a notebook
 * with only classification has no regression jar).
 */
final class TribuoMetrics {
    private TribuoMetrics() {}

    /** {@code accuracy}, {@code macro_f1}, {@code precision_<class>}, {@code recall_<class>}; or {@code rmse}, {@code mae}, {@code r2}; else Tribuo's own map. */
    static Map<String, Double> of(Evaluation<?> evaluation) {
        if (implementsType(evaluation.getClass(), "org.tribuo.classification.evaluation.LabelEvaluation")) {
            return Classification.of(evaluation);
        }
        if (implementsType(evaluation.getClass(), "org.tribuo.regression.evaluation.RegressionEvaluation")) {
            return Regression.of(evaluation);
        }
        Map<String, Double> out = new TreeMap<>();
        evaluation.asMap().forEach((id, v) -> out.put(id.getB() + (id.getA().toString().isEmpty() ? "" : "_" + id.getA()), v));
        return out;
    }

    private static boolean implementsType(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(name)) return true;
            for (Class<?> i : k.getInterfaces()) if (implementsType(i, name)) return true;
        }
        return false;
    }

    private static final class Classification {
        static Map<String, Double> of(Evaluation<?> e) {
            var eval = (org.tribuo.classification.evaluation.LabelEvaluation) e;
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("accuracy", eval.accuracy());
            out.put("macro_f1", eval.macroAveragedF1());
            Map<String, org.tribuo.classification.Label> labels = new TreeMap<>();
            for (org.tribuo.classification.Label l : eval.getConfusionMatrix().getDomain().getDomain()) labels.put(l.getLabel(), l);
            labels.forEach((name, l) -> out.put("precision_" + name, eval.precision(l)));
            labels.forEach((name, l) -> out.put("recall_" + name, eval.recall(l)));
            return out;
        }
    }

    private static final class Regression {
        static Map<String, Double> of(Evaluation<?> e) {
            var eval = (org.tribuo.regression.evaluation.RegressionEvaluation) e;
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("rmse", eval.averageRMSE());
            out.put("mae", eval.averageMAE());
            out.put("r2", eval.averageR2());
            return out;
        }
    }
}
