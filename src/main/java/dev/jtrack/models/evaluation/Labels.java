package dev.jtrack.models.evaluation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Class labels as text: numbers in canonical form ({@code 1}, not {@code 1.0}) and in numeric order. */
final class Labels {
    private Labels() {}

    /** The canonical text of a label value. */
    static String of(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return Double.toString(d);
        }
        if (value instanceof Number n) return Long.toString(n.longValue());
        return String.valueOf(value);
    }

    /** Numeric order when every label is a number, else text order (scikit-learn sorts its labels). */
    static List<String> sorted(Collection<String> labels) {
        List<String> out = new ArrayList<>(labels);
        boolean numeric = out.stream().allMatch(Labels::isNumber);
        out.sort(numeric ? Comparator.comparing(BigDecimal::new) : Comparator.naturalOrder());
        return out;
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
